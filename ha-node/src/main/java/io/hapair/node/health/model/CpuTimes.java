package io.hapair.node.health.model;

/** The all-CPU line of /proc/stat: total time and time stolen by the hypervisor, in clock ticks since boot. */
public record CpuTimes(long total, long steal) {

    // user nice system idle iowait irq softirq steal: guest time is already counted in user and nice.
    private static final int STEAL = 8;

    public static CpuTimes parse(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                long total = 0;
                for (int i = 1; i <= Math.min(STEAL, f.length - 1); i++) {
                    total += Long.parseLong(f[i]);
                }
                return new CpuTimes(total, f.length > STEAL ? Long.parseLong(f[STEAL]) : 0);
            }
        }
        throw new IllegalArgumentException("/proc/stat has no cpu line");
    }
}
