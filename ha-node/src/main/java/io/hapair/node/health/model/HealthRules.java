package io.hapair.node.health.model;

import java.util.Locale;
import java.util.Map;

/**
 * The rules that turn each measured input into a level, with the threshold that decided it. Load and CPU steal are
 * never Critical: a busy or starved host serves worse, but the partner (usually the same size, on the same cloud)
 * would not serve better, and handing over would only add a gap. Their Warning ends only once the value is back under
 * {@link #CLEAR_SHARE} of the threshold: both move with the host's work from one check to the next, and a value
 * hovering at the threshold must not fill the event log. Clock trouble is a Warning: the pair's role decisions do not
 * use wall-clock time, but logs and certificates do.
 */
public final class HealthRules {

    public static final String DATA_PLANE = "data-plane";
    public static final String DATA_DIRECTORY = "data-directory";
    public static final String DISK = "disk";
    public static final String MEMORY = "memory";
    public static final String LOAD = "load";
    public static final String CPU_STEAL = "cpu-steal";
    public static final String CLOCK = "clock";
    public static final String CERTIFICATE = "certificate";
    public static final String ADMIN_CERTIFICATE = "admin-certificate";
    public static final String VS_CERTIFICATES = "vs-certificates";
    public static final String SYNC_LAG = "sync-lag";

    private static final long DAY_MILLIS = 86_400_000L;
    /** The share of its threshold under which a load or CPU-steal Warning ends. */
    public static final double CLEAR_SHARE = 0.9;

    private final HealthThresholds t;

    public HealthRules(HealthThresholds thresholds) {
        this.t = thresholds;
    }

    public HealthThresholds thresholds() {
        return t;
    }

    /** HAProxy runs (or not, with the reason): without it the node carries no traffic. */
    public HealthInput dataPlane(boolean running, String reason) {
        return running ? new HealthInput(DATA_PLANE, "running", HealthLevel.NORMAL, "HAProxy runs")
                : new HealthInput(DATA_PLANE, "not running", HealthLevel.CRITICAL, reason);
    }

    /** A file could (or could not) be created in the data directory: without it no setting can be kept. */
    public HealthInput dataDirectory(String directory, String error) {
        return error == null ? new HealthInput(DATA_DIRECTORY, "writable", HealthLevel.NORMAL, directory + " is writable")
                : new HealthInput(DATA_DIRECTORY, "not writable", HealthLevel.CRITICAL,
                directory + " is not writable: " + error);
    }

    /** Free space of the data directory's file system, for an unprivileged user (what the node can use). */
    public HealthInput disk(long usableBytes, long totalBytes) {
        double free = totalBytes <= 0 ? 0 : 100.0 * usableBytes / totalBytes;
        String value = percent(free) + " free (" + bytes(usableBytes) + " of " + bytes(totalBytes) + ")";
        return below(DISK, value, free, t.diskFreeWarningPercent(), "health-disk-free-warning",
                t.diskFreeCriticalPercent(), "health-disk-free-critical");
    }

    /** MemAvailable of MemTotal, from /proc/meminfo. */
    public HealthInput memory(MemInfo mem) {
        double available = mem.totalKb() <= 0 ? 0 : 100.0 * mem.availableKb() / mem.totalKb();
        String value = percent(available) + " available (" + bytes(mem.availableKb() * 1024) + " of "
                + bytes(mem.totalKb() * 1024) + ")";
        return below(MEMORY, value, available, t.memoryAvailableWarningPercent(), "health-memory-available-warning",
                t.memoryAvailableCriticalPercent(), "health-memory-available-critical");
    }

    /** The one-minute load average against the CPUs there are; {@code was} is the input's last level. */
    public HealthInput load(double loadOneMinute, int cpus, HealthLevel was) {
        double perCpu = loadOneMinute / Math.max(1, cpus);
        String value = String.format(Locale.ROOT, "%.2f on %d CPU(s)", loadOneMinute, cpus);
        if (perCpu > t.loadWarningPerCpu()) {
            return new HealthInput(LOAD, value, HealthLevel.WARNING, String.format(Locale.ROOT,
                    "%.2f per CPU is above health-load-warning %s", perCpu, number(t.loadWarningPerCpu())));
        }
        if (was == HealthLevel.WARNING && perCpu > t.loadWarningPerCpu() * CLEAR_SHARE) {
            return new HealthInput(LOAD, value, HealthLevel.WARNING, String.format(Locale.ROOT,
                    "%.2f per CPU is not yet under 90%% of health-load-warning %s", perCpu,
                    number(t.loadWarningPerCpu())));
        }
        return new HealthInput(LOAD, value, HealthLevel.NORMAL, String.format(Locale.ROOT,
                "%.2f per CPU is at most health-load-warning %s", perCpu, number(t.loadWarningPerCpu())));
    }

    /**
     * The share of CPU time the hypervisor stole between two readings of /proc/stat ({@code before} null: none yet);
     * {@code was} is the input's last level.
     */
    public HealthInput cpuSteal(CpuTimes before, CpuTimes now, HealthLevel was) {
        if (before == null || now.total() <= before.total()) {
            return new HealthInput(CPU_STEAL, "not measured yet", HealthLevel.NORMAL,
                    "needs two readings of /proc/stat");
        }
        double stolen = 100.0 * (now.steal() - before.steal()) / (now.total() - before.total());
        if (stolen > t.cpuStealWarningPercent()) {
            return new HealthInput(CPU_STEAL, percent(stolen), HealthLevel.WARNING, "above health-cpu-steal-warning "
                    + percent(t.cpuStealWarningPercent()) + ": the hypervisor gives this VM less CPU than it asks for");
        }
        if (was == HealthLevel.WARNING && stolen > t.cpuStealWarningPercent() * CLEAR_SHARE) {
            return new HealthInput(CPU_STEAL, percent(stolen), HealthLevel.WARNING, "not yet under 90% of"
                    + " health-cpu-steal-warning " + percent(t.cpuStealWarningPercent()));
        }
        return new HealthInput(CPU_STEAL, percent(stolen), HealthLevel.NORMAL, "at most health-cpu-steal-warning "
                + percent(t.cpuStealWarningPercent()));
    }

    /**
     * The clock as chrony last described it.
     *
     * @param checked      whether chrony was asked yet
     * @param synchronised whether chronyd keeps the clock to a source
     * @param problem      why chrony could not be asked, or null
     */
    public HealthInput clock(boolean checked, boolean synchronised, Double offsetSeconds, String problem) {
        if (!checked) {
            return new HealthInput(CLOCK, "not checked yet", HealthLevel.NORMAL, "chrony has not been asked yet");
        }
        if (synchronised) {
            return new HealthInput(CLOCK, "synchronised" + (offsetSeconds == null ? ""
                    : String.format(Locale.ROOT, " (offset %.6f s)", offsetSeconds)), HealthLevel.NORMAL,
                    "chrony keeps the clock to a source");
        }
        return new HealthInput(CLOCK, "not synchronised", HealthLevel.WARNING, problem != null
                ? "chrony cannot be asked: " + problem
                : "chrony keeps the clock to no source: check the NTP servers (Host > NTP) and that they answer");
    }

    /**
     * The node's own certificate's expiry (the peer link's, and the API's unless an administration certificate is
     * stored): a Warning within the warning window, Critical once expired.
     */
    public HealthInput certificate(String subject, long notAfterMillis, long nowMillis) {
        long left = notAfterMillis - nowMillis;
        String value = expiry(left);
        if (left < 0) {
            return new HealthInput(CERTIFICATE, value, HealthLevel.CRITICAL, "the certificate of " + subject
                    + " has expired: clients refuse it; renew it (tls-cert, tls-key) or remove them for a new self-signed one");
        }
        if (left < t.certificateWarningDays() * DAY_MILLIS) {
            return new HealthInput(CERTIFICATE, value, HealthLevel.WARNING, "the certificate of " + subject
                    + " expires within health-certificate-warning-days " + t.certificateWarningDays() + "; renew it");
        }
        return farFromExpiry(CERTIFICATE, value);
    }

    /**
     * The stored administration certificate ({@code admin-certificate}), which 8443 presents instead of the node's own.
     * Never Critical: only the web UI and the API present it, not the virtual services nor the peer link, so handing
     * the traffic over would not help.
     */
    public HealthInput adminCertificate(String subject, long notAfterMillis, long nowMillis) {
        long left = notAfterMillis - nowMillis;
        String value = expiry(left);
        if (left < t.certificateWarningDays() * DAY_MILLIS) {
            return new HealthInput(ADMIN_CERTIFICATE, value, HealthLevel.WARNING, "the administration certificate of "
                    + subject + (left < 0 ? " has expired: browsers and API clients refuse 8443"
                    : " expires within health-certificate-warning-days " + t.certificateWarningDays())
                    + "; store a renewed one (PUT /api/v1/admin-certificate), or delete it for the node's own");
        }
        return farFromExpiry(ADMIN_CERTIFICATE, value);
    }

    /** A certificate input with more than the warning window left. */
    private HealthInput farFromExpiry(String name, String value) {
        return new HealthInput(name, value, HealthLevel.NORMAL, "more than health-certificate-warning-days "
                + t.certificateWarningDays() + " left");
    }

    private static String expiry(long leftMillis) {
        long days = Math.floorDiv(leftMillis, DAY_MILLIS);
        return leftMillis < 0 ? "expired " + -days + " day(s) ago" : "expires in " + days + " day(s)";
    }

    /**
     * The stored virtual-service certificates by name, with when each expires: the soonest decides. Never Critical:
     * the partner serves the same (synced) certificates, so handing over would not help.
     */
    public HealthInput vsCertificates(Map<String, Long> notAfterByName, long nowMillis) {
        if (notAfterByName.isEmpty()) {
            return new HealthInput(VS_CERTIFICATES, "none stored", HealthLevel.NORMAL, "no virtual-service certificate");
        }
        Map.Entry<String, Long> soonest = notAfterByName.entrySet().stream()
                .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElseThrow();
        long left = soonest.getValue() - nowMillis;
        long days = Math.floorDiv(left, DAY_MILLIS);
        String value = notAfterByName.size() + " stored; " + soonest.getKey() + (left < 0 ? " expired " + -days
                + " day(s) ago" : " expires first, in " + days + " day(s)");
        if (left < t.certificateWarningDays() * DAY_MILLIS) {
            return new HealthInput(VS_CERTIFICATES, value, HealthLevel.WARNING, "virtual-service certificate "
                    + soonest.getKey() + (left < 0 ? " has expired" : " expires within health-certificate-warning-days "
                    + t.certificateWarningDays()) + "; renew it (PUT /api/v1/vs-certificates/" + soonest.getKey()
                    + "): the partner serves the same one");
        }
        return farFromExpiry(VS_CERTIFICATES, value);
    }

    /** Age of the oldest change the partner has not acknowledged. Never Critical: the node serves, the partner lags. */
    public HealthInput syncLag(long lagMillis, int pending, int unsent) {
        String value = String.format(Locale.ROOT, "%.1f s (%d pending, %d unsent)", lagMillis / 1000.0, pending, unsent);
        if (lagMillis >= t.syncLagWarningMillis()) {
            return new HealthInput(SYNC_LAG, value, HealthLevel.WARNING, "the partner has not acknowledged changes"
                    + " for sync-lag-warning " + seconds(t.syncLagWarningMillis()) + " or longer");
        }
        return new HealthInput(SYNC_LAG, value, HealthLevel.NORMAL, "under sync-lag-warning "
                + seconds(t.syncLagWarningMillis()));
    }

    private static HealthInput below(String name, String value, double measured, double warning, String warningKey,
                                     double critical, String criticalKey) {
        if (measured < critical) {
            return new HealthInput(name, value, HealthLevel.CRITICAL, "below " + criticalKey + " " + percent(critical));
        }
        if (measured < warning) {
            return new HealthInput(name, value, HealthLevel.WARNING, "below " + warningKey + " " + percent(warning));
        }
        return new HealthInput(name, value, HealthLevel.NORMAL, "at least " + warningKey + " " + percent(warning));
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String number(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
}
