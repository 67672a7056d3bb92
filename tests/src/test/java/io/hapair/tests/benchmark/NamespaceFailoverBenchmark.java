package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HealthPoller.Sample;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.netns.Commands;
import io.hapair.tests.netns.NodeNamespaces;
import io.hapair.tests.netns.Signals;
import io.hapair.tests.netns.Transitions;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover figures on network namespaces (issue 13's goals), for ha-pair and for keepalived, the reference a
 * user would otherwise pick. Each side of the pair runs in its own namespace ({@link NodeNamespaces}); a poller
 * in the root namespace GETs port 8444 every 10 ms, as a balancer's probe (one poller per side where a side
 * may be frozen, so its hanging probe holds up nothing else). Parts, each over {@code failover.trials} trials:
 * <ul>
 * <li>kill: kill -9 of the active side until the partner answers 200 (for keepalived: keepalived and the
 * listener its notify script started, the whole HA stack of that host);</li>
 * <li>stop: SIGSTOP of every process of the active side until the partner answers 200; then SIGCONT: how long
 * both sides answered 200, whether the woken side answered 200 at all, and which side is active once the pair
 * settled;</li>
 * <li>loss: 30% of the packets between the sides dropped for {@code failover.lossMinutes}: takeovers
 * nobody needed, time both sides answered 200, time neither did;</li>
 * <li>cold: both sides killed, then started {@code 0-3 s} apart in random order
 * ({@code failover.coldTrials} trials, seed {@code failover.seed}): trials in which both answered 200 at once.</li>
 * </ul>
 * ha-pair runs with the launcher's JVM options and default timing under switch-to-preferred none; keepalived
 * (see {@link KeepalivedPair}) with nopreempt, advert_int 1 and 0.1. Not a test: nothing is asserted and the
 * normal run excludes it; run it with {@code tests/benchmark.sh -Dtest=NamespaceFailoverBenchmark}. Prints the
 * tables and writes them to {@code tests/target/failover-netns-benchmark.txt}. Needs root, nftables, keepalived
 * and socat (the script installs them).
 */
@Tag(NodeNamespaces.TAG)
class NamespaceFailoverBenchmark {

    private static final int NUMBER = 66;
    private static final int HEALTH_PORT = 8444;
    private static final int LOSS_PERCENT = 30;
    private static final int MAX_SKEW_MILLIS = 3_000;
    // HealthPoller stops by itself after 5 minutes: the loss part polls in windows of a minute.
    private static final Duration POLL_WINDOW = Duration.ofMinutes(1);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(NUMBER);

    private final int trials = Integer.getInteger("failover.trials", 20);
    private final double lossMinutes = Double.parseDouble(System.getProperty("failover.lossMinutes", "10"));
    private final int coldTrials = Integer.getInteger("failover.coldTrials", 50);
    private final long seed = Long.getLong("failover.seed", 13);
    private final List<String> parts = List.of(System.getProperty("failover.parts", "kill,stop,loss,cold").split(","));
    private final List<String> systems = List.of(System.getProperty("failover.systems",
            "hapair,keepalived-1,keepalived-0.1").split(","));

    private final List<String> timingRows = new ArrayList<>();
    private final List<String> countRows = new ArrayList<>();
    private final List<String> loadNotes = new ArrayList<>();
    private NodeNamespaces net;

    /**
     * One HA system on the two hosts, both sides started when it is created, as the parts drive it; side 0 is the
     * first namespace, side 1 the second.
     */
    private interface Subject extends AutoCloseable {
        String label();

        /** Starts the side; returns at once (the cold start's skew is between launches). */
        void launch(int side);

        /** Waits until the launched side can take part (ha-pair: its ports listen). */
        void awaitLaunched(int side);

        /** kill -9 of the side's HA processes. */
        void kill(int side);

        /** Waits until one side answers 200 and the other does not, for good; returns the active side. */
        int awaitSettled();

        /** How often either side became active since both were last started. */
        long becameActive();

        /** Ends both sides. */
        @Override
        void close();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.HOURS)
    void measure() throws Exception {
        String machine = FailoverBenchmark.machine();
        long busyAtStart = CpuTime.machineBusyTicks();
        long startedAt = System.nanoTime();
        net = fixtures.track(NodeNamespaces.create(NUMBER));
        for (String system : systems) {
            try (Subject subject = subject(system)) {
                subject.awaitSettled();
                for (String part : parts) {
                    long busy = CpuTime.machineBusyTicks();
                    long at = System.nanoTime();
                    switch (part) {
                        case "kill" -> kill(subject);
                        case "stop" -> stop(subject);
                        case "loss" -> loss(subject);
                        case "cold" -> cold(subject);
                        default -> throw new IllegalArgumentException("unknown part " + part
                                + " in -Dfailover.parts; the parts are kill,stop,loss,cold");
                    }
                    loadNotes.add(load(subject.label() + ", " + part, at, busy));
                }
            }
        }

        String table = "\n===== ha-pair failover on network namespaces =====\n" + machine
                + "command: " + command() + "\n"
                + "ha-pair: default timing (heartbeat 50 ms, suspect 400 ms, dead 800 ms), switch-to-preferred none,"
                + " JVM options of the launcher " + HanodeJar.launcherJvmOptions() + "\n"
                + "keepalived " + keepalivedVersion() + ": unicast VRRPv3, both BACKUP with nopreempt (priorities 150"
                + " and 100), notify scripts start and stop a socat listener answering 200 on 8444\n"
                + "probes: GET :8444 from the root namespace every 10 ms, one new connection each\n\n"
                + String.format(Locale.ROOT, "| %-66s | %-26s | %4s | %7s | %7s | %7s | %7s |%n",
                        "time (ms)", "system", "n", "p50", "p95", "p99", "max")
                + "|" + "-".repeat(68) + "|" + "-".repeat(28) + "|------|---------|---------|---------|---------|\n"
                + String.join("", timingRows) + "\n"
                + String.format(Locale.ROOT, "| %-66s | %-26s | %-48s |%n", "count", "system", "result")
                + "|" + "-".repeat(68) + "|" + "-".repeat(28) + "|" + "-".repeat(50) + "|\n"
                + String.join("", countRows) + "\n"
                + "load: " + load("whole run", startedAt, busyAtStart) + "\n"
                + loadNotes.stream().map(n -> "  " + n + "\n").collect(Collectors.joining())
                + "=====\n";
        System.out.println(table);
        Path out = Path.of("target", "failover-netns-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private Subject subject(String system) {
        if (system.equals("hapair")) {
            return new HaPair();
        }
        if (system.startsWith("keepalived-")) {
            return new Keepalived(system.substring("keepalived-".length()));
        }
        throw new IllegalArgumentException("unknown system " + system
                + " in -Dfailover.systems; the systems are hapair and keepalived-ADVERT_INT (e.g. keepalived-1)");
    }

    // ---- the parts

    private void kill(Subject subject) {
        List<Double> takeover = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            int active = subject.awaitSettled();
            int partner = 1 - active;
            try (HealthPoller poller = HealthPoller.start(List.of(health(partner)))) {
                poller.awaitSamples(20);
                long at = System.nanoTime();
                subject.kill(active);
                takeover.add(awaitFirst200(poller, at, subject.label() + " side " + partner + " answers 200 after kill -9"));
            }
            subject.launch(active);
            subject.awaitLaunched(active);
        }
        timingRow("kill -9 of the active until the partner answers 200", subject, Distribution.of(takeover));
    }

    private void stop(Subject subject) {
        List<Double> takeover = new ArrayList<>();
        List<Double> bothAfterWaking = new ArrayList<>();
        int wokenAnswered200 = 0;
        int wokenStayedActive = 0;
        for (int trial = 0; trial < trials; trial++) {
            int active = subject.awaitSettled();
            int partner = 1 - active;
            List<Long> frozen = net.pids(net.hosts().get(active));
            try (HealthPoller poller = HealthPoller.start(List.of(health(partner)))) {
                poller.awaitSamples(20);
                long at = System.nanoTime();
                Signals.freeze(frozen);
                takeover.add(awaitFirst200(poller, at, subject.label() + " side " + partner + " answers 200 after SIGSTOP"));
            }
            try (HealthPoller survivor = HealthPoller.start(List.of(health(partner)))) {
                survivor.awaitSamples(5);
                // Started just before the side wakes: its first probe waits, as the balancer's probe in flight
                // did, and is answered as the side wakes.
                try (HealthPoller woken = HealthPoller.start(List.of(health(active)))) {
                    Signals.thaw(frozen);
                    if (subject.awaitSettled() == active) {
                        wokenStayedActive++;
                    }
                    List<Sample> wokenSeen = woken.stop();
                    if (wokenSeen.stream().anyMatch(s -> s.code(0) == 200)) {
                        wokenAnswered200++;
                    }
                    bothAfterWaking.add(bothMillis(wokenSeen, survivor.stop()));
                }
            }
        }
        timingRow("SIGSTOP of the active until the partner answers 200", subject, Distribution.of(takeover));
        timingRow("after SIGCONT, both sides answered 200", subject, Distribution.of(bothAfterWaking));
        countRow("after SIGCONT, the woken side answered 200", subject,
                String.format(Locale.ROOT, "in %d of %d trials", wokenAnswered200, trials));
        countRow("after SIGCONT, the woken side was active once settled", subject,
                String.format(Locale.ROOT, "in %d of %d trials", wokenStayedActive, trials));
    }

    /**
     * Time both answered 200, from two pollers' samples: each sample of {@code b} counts until b's next sample
     * when it and the latest sample of {@code a} that started before it were both 200.
     */
    private static double bothMillis(List<Sample> a, List<Sample> b) {
        long nanos = 0;
        int ai = -1;
        for (int i = 0; i + 1 < b.size(); i++) {
            while (ai + 1 < a.size() && a.get(ai + 1).nanos() <= b.get(i).nanos()) {
                ai++;
            }
            if (ai >= 0 && a.get(ai).code(0) == 200 && b.get(i).code(0) == 200) {
                nanos += b.get(i + 1).nanos() - b.get(i).nanos();
            }
        }
        return nanos / 1e6;
    }

    private void loss(Subject subject) throws InterruptedException {
        subject.awaitSettled();
        long before = subject.becameActive();
        long end = System.nanoTime() + (long) (lossMinutes * 60e9);
        double bothMillis = 0;
        double neitherMillis = 0;
        net.dropBetweenHosts(LOSS_PERCENT);
        try {
            while (System.nanoTime() < end) {
                try (HealthPoller poller = HealthPoller.start(List.of(health(0), health(1)))) {
                    Thread.sleep(Math.max(1, Math.min(POLL_WINDOW.toMillis(), (end - System.nanoTime()) / 1_000_000)));
                    List<Sample> seen = poller.stop();
                    bothMillis += HealthPoller.millisWhere(seen, s -> s.all(200));
                    neitherMillis += HealthPoller.millisWhere(seen, s -> !s.anyActive());
                }
            }
        } finally {
            net.restoreBetweenHosts();
        }
        countRow(String.format(Locale.ROOT, "takeovers in %s min at %d%% loss between the sides, none died",
                        minutes(), LOSS_PERCENT), subject,
                String.format(Locale.ROOT, "%d; both 200 for %.0f ms, neither for %.0f ms", subject.becameActive() - before,
                        bothMillis, neitherMillis));
    }

    private void cold(Subject subject) throws InterruptedException {
        Random random = new Random(seed);
        List<Double> both = new ArrayList<>();
        List<Integer> skews = new ArrayList<>();
        for (int trial = 0; trial < coldTrials; trial++) {
            subject.kill(0);
            subject.kill(1);
            int first = random.nextInt(2);
            int skew = random.nextInt(MAX_SKEW_MILLIS + 1);
            List<Sample> seen;
            try (HealthPoller poller = HealthPoller.start(List.of(health(0), health(1)))) {
                poller.awaitSamples(5);
                subject.launch(first);
                Thread.sleep(skew);
                subject.launch(1 - first);
                subject.awaitLaunched(first);
                subject.awaitLaunched(1 - first);
                subject.awaitSettled();
                seen = poller.stop();
            }
            double millis = HealthPoller.millisWhere(seen, s -> s.all(200));
            if (seen.stream().anyMatch(s -> s.all(200))) {
                both.add(millis);
                skews.add(skew);
            }
        }
        countRow("cold start, skew 0-3 s: trials with both answering 200 at once", subject,
                String.format(Locale.ROOT, "%d of %d%s", both.size(), coldTrials, both.isEmpty() ? ""
                        : String.format(Locale.ROOT, ", for %.0f-%.0f ms (skews %s ms)", Distribution.of(both).percentile(0),
                                Distribution.of(both).max(), skews)));
    }

    // ---- measuring

    private InetSocketAddress health(int side) {
        return InetSocketAddress.createUnresolved(net.hosts().get(side).address(), HEALTH_PORT);
    }

    /** Milliseconds from {@code at} until the first probe started after it that was answered 200. */
    private static double awaitFirst200(HealthPoller poller, long at, String what) {
        await(what).atMost(Patience.SETTLE).until(() -> poller.samples().stream().anyMatch(s -> s.nanos() > at && s.code(0) == 200));
        Sample first = poller.samples().stream().filter(s -> s.nanos() > at && s.code(0) == 200).findFirst().orElseThrow();
        return (first.nanos() - at) / 1e6;
    }

    private void timingRow(String what, Subject subject, Distribution d) {
        timingRows.add(printed(String.format(Locale.ROOT, "| %-66s | %-26s | %4d | %7.1f | %7.1f | %7.1f | %7.1f |%n", what,
                subject.label(), d.count(), d.percentile(50), d.percentile(95), d.percentile(99), d.max())));
    }

    private void countRow(String what, Subject subject, String result) {
        countRows.add(printed(String.format(Locale.ROOT, "| %-66s | %-26s | %-48s |%n", what, subject.label(), result)));
    }

    /** Each row as soon as it is measured: a run that fails or is stopped later still shows what it measured. */
    private static String printed(String row) {
        System.out.print("[benchmark] " + row);
        return row;
    }

    /** How long a part took, the load average after it, and how many cores the whole machine kept busy meanwhile. */
    private static String load(String what, long startedAt, long busyTicksAtStart) {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        return String.format(Locale.ROOT, "%s: %.0f s, machine CPU busy %.2f of %d cores on average, load average %.2f after",
                what, seconds, CpuTime.seconds(CpuTime.machineBusyTicks() - busyTicksAtStart) / seconds,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private String minutes() {
        return lossMinutes == Math.rint(lossMinutes) ? Long.toString((long) lossMinutes) : Double.toString(lossMinutes);
    }

    private String command() {
        return "tests/benchmark.sh -Dtest=NamespaceFailoverBenchmark -Dfailover.trials=" + trials + " -Dfailover.lossMinutes="
                + minutes() + " -Dfailover.coldTrials=" + coldTrials + " -Dfailover.seed=" + seed + " -Dfailover.parts="
                + String.join(",", parts) + " -Dfailover.systems=" + String.join(",", systems);
    }

    private static String keepalivedVersion() {
        Commands.Result version = Commands.attempt("", "keepalived", "--version");
        String all = version.stdout() + version.stderr();
        return all.lines().filter(l -> l.startsWith("Keepalived")).findFirst().orElse("(version unknown)").strip();
    }

    // ---- the systems

    /** ha-pair: a master in the first namespace and a slave in the second, under no preemption. */
    private final class HaPair implements Subject {
        private final NodePair pair;

        HaPair() {
            List<String> jvm = HanodeJar.launcherJvmOptions();
            pair = fixtures.pairOf("none", net.master("none").withJvmArgs(jvm), net.slave("none").withJvmArgs(jvm));
        }

        private HaNodeProcess node(int side) {
            return side == 0 ? pair.master() : pair.slave();
        }

        @Override
        public String label() {
            return "ha-pair";
        }

        @Override
        public void launch(int side) {
            node(side).start();
        }

        @Override
        public void awaitLaunched(int side) {
            node(side).awaitStarted(Patience.START);
        }

        @Override
        public void kill(int side) {
            node(side).kill9();
        }

        @Override
        public int awaitSettled() {
            return pair.awaitSettled(Patience.SETTLE) == pair.master() ? 0 : 1;
        }

        @Override
        public long becameActive() {
            return Transitions.toActive(pair.master()) + Transitions.toActive(pair.slave());
        }

        @Override
        public void close() {
            // The nodes' HAProxy too, if one runs: the next system needs the hosts' ports.
            pair.nodes().forEach(HaNodeProcess::close);
            net.hosts().forEach(net::killAll);
        }
    }

    /** keepalived with the given advert_int on both hosts. */
    private final class Keepalived implements Subject {
        private final KeepalivedPair pair;
        // Settled: one side answers 200 and the other not for this long, beyond a takeover's master-down interval.
        private final Duration steady;

        Keepalived(String advertInt) {
            for (String tool : List.of("keepalived", "socat")) {
                if (!Commands.attempt("", "sh", "-c", "command -v " + tool).ok()) {
                    throw new IllegalStateException(tool + " is not installed; run the benchmark through tests/benchmark.sh,"
                            + " which installs it (apt-get install keepalived socat)");
                }
            }
            pair = new KeepalivedPair(net, fixtures.workDir(), advertInt, NUMBER, HEALTH_PORT);
            steady = Duration.ofMillis(Math.max(1_000, (long) (Double.parseDouble(advertInt) * 5_000)));
            pair.start(0);
            pair.start(1);
        }

        @Override
        public String label() {
            return "keepalived advert_int " + pair.advertInt();
        }

        @Override
        public void launch(int side) {
            pair.start(side);
        }

        @Override
        public void awaitLaunched(int side) {
            // keepalived starts in milliseconds; whether it took part shows in awaitSettled.
        }

        @Override
        public void kill(int side) {
            pair.kill(side);
        }

        @Override
        public int awaitSettled() {
            int[] active = new int[1];
            await(label() + " settled on one active side").atMost(Patience.SETTLE).during(steady)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        boolean first = probe(0) == 200;
                        boolean second = probe(1) == 200;
                        active[0] = first ? 0 : 1;
                        return first != second;
                    });
            return active[0];
        }

        private int probe(int side) {
            return HttpOnce.get(net.hosts().get(side).address(), HEALTH_PORT, "/", Duration.ofSeconds(3)).code();
        }

        @Override
        public long becameActive() {
            return pair.becameMaster();
        }

        @Override
        public void close() {
            net.hosts().forEach(net::killAll);
        }
    }
}
