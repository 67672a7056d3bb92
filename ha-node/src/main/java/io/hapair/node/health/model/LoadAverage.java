package io.hapair.node.health.model;

/** The one-minute load average, the first field of /proc/loadavg: what the load rule reads. */
public record LoadAverage(double oneMinute) {

    public static LoadAverage parse(String procLoadavg) {
        String[] f = procLoadavg.trim().split("\\s+");
        try {
            return new LoadAverage(Double.parseDouble(f[0]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc/loadavg does not begin with a load average: " + procLoadavg.trim());
        }
    }
}
