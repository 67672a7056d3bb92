package io.hapair.tests.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes ({@code /proc/PID/stat}) and of the whole machine ({@code /proc/stat}) in clock
 * ticks, and ticks as seconds.
 */
final class CpuTime {

    private static long ticksPerSecond;

    private CpuTime() {
    }

    /** User plus system CPU time of a process (fields 14 and 15); 0 once it has left. */
    static long ticks(long pid) {
        String[] f = fields(pid);
        return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** User plus system CPU time of the children a process has waited for (fields 16 and 17). */
    static long reapedChildrenTicks(long pid) {
        String[] f = fields(pid);
        return f == null ? 0 : Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /**
     * CPU time all processes used since boot, summed over the cores: user, nice, system, irq, softirq and
     * steal of the first line of {@code /proc/stat}.
     */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    static double seconds(long ticks) {
        return ticks / (double) ticksPerSecond();
    }

    /** The fields after the command name, which may itself hold spaces and parentheses. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    private static synchronized long ticksPerSecond() {
        if (ticksPerSecond == 0) {
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
                String out = new String(getconf.getInputStream().readAllBytes()).trim();
                getconf.waitFor();
                ticksPerSecond = Long.parseLong(out);
            } catch (IOException e) {
                throw new IllegalStateException("getconf CLK_TCK failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking getconf CLK_TCK", e);
            }
        }
        return ticksPerSecond;
    }
}
