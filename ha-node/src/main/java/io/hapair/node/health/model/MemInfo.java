package io.hapair.node.health.model;

/** The two lines of /proc/meminfo the memory rule reads, in kB as the kernel writes them. */
public record MemInfo(long totalKb, long availableKb) {

    /** Reads MemTotal and MemAvailable (Linux 3.14 and later); throws naming what is missing. */
    public static MemInfo parse(String text) {
        long total = -1;
        long available = -1;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("MemTotal:")) {
                total = Long.parseLong(f[1]);
            } else if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                available = Long.parseLong(f[1]);
            }
        }
        if (total < 0 || available < 0) {
            throw new IllegalArgumentException("/proc/meminfo has no MemTotal or MemAvailable line");
        }
        return new MemInfo(total, available);
    }
}
