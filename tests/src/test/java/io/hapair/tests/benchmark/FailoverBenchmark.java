package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints how fast the pair fails over and hands over, and how fast the health check answers under
 * load, on loopback. Not a test (nothing is asserted) and excluded from the normal run; run it with
 * {@code tests/benchmark.sh}. Nodes run with the default timing and default JVM options.
 */
class FailoverBenchmark {

    private static final int TAKEOVER_TRIALS = 20;
    private static final int SWITCHOVER_TRIALS = 10;
    private static final int PROBES_PER_SECOND = 2_000;
    private static final Duration LOAD_WARMUP = Duration.ofSeconds(3);
    private static final Duration LOAD_DURATION = Duration.ofSeconds(10);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(10, BenchmarkNodes.jvmArgs());

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        String machine = machine();
        // No preemption: after a kill -9 the survivor stays active, so each trial kills whichever node is active.
        NodePair pair = fixtures.pair("none");
        // -Dbenchmark.parts=probe (for example) measures only some parts.
        List<String> parts = List.of(System.getProperty("benchmark.parts", "takeover,switchover,probe").split(","));
        if (parts.contains("takeover")) {
            takeoverAfterKill9(pair);
        }
        if (parts.contains("switchover")) {
            switchoverGapAndOverlap(pair);
        }
        if (parts.contains("probe")) {
            probeLatencyUnderLoad(pair);
        }
        BenchmarkNodes.stop(pair);

        StringBuilder table = new StringBuilder("\n===== ha-pair benchmark (loopback) =====\n").append(machine)
                .append(BenchmarkNodes.describe())
                .append("node timing: heartbeat 50 ms, suspect 400 ms, dead 800 ms (defaults), handover-probes 2;"
                        + " poller every 10 ms\n\n")
                .append(String.format(Locale.ROOT, "| %-58s | %6s | %7s | %7s | %7s | %7s |%n",
                        "measurement (all times in milliseconds)", "n", "p50", "p95", "p99", "max"))
                .append("|").append("-".repeat(60)).append("|--------|---------|---------|---------|---------|\n");
        rows.forEach(table::append);
        notes.forEach(n -> table.append(n).append('\n'));
        table.append("=====\n");
        System.out.println(table);
        Path out = Path.of("target", "benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** kill -9 of the active node until the partner answers 200, seen by a 10 ms poller. */
    private void takeoverAfterKill9(NodePair pair) {
        List<Double> takeover = new ArrayList<>();
        for (int trial = 0; trial < TAKEOVER_TRIALS; trial++) {
            HaNodeProcess victim = pair.awaitSettled(Patience.SETTLE);
            HaNodeProcess survivor = pair.other(victim);
            Observation seen = observe(survivor, victim, victim::kill9, poller -> await("takeover by " + survivor.name())
                    .atMost(Patience.SETTLE).until(() -> poller.samples().stream().anyMatch(s -> s.code(0) == 200)));
            HealthPoller.first(seen.afterAction(), s -> s.code(0) == 200)
                    .ifPresent(s -> takeover.add((s.nanos() - seen.actedAt()) / 1e6));
            victim.restart(Patience.START);
        }
        row("kill -9 of the active until the partner answers 200", Distribution.of(takeover));
    }

    /** Planned switchovers through the API: time both answered 503 (gap) and both answered 200 (overlap). */
    private void switchoverGapAndOverlap(NodePair pair) {
        List<Double> gap = new ArrayList<>();
        List<Double> overlap = new ArrayList<>();
        List<Double> handover = new ArrayList<>();
        for (int trial = 0; trial < SWITCHOVER_TRIALS; trial++) {
            HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
            HaNodeProcess standby = pair.other(active);
            Observation seen = observe(active, standby, () -> {
                if (active.switchover().code() != 202) {
                    throw new IllegalStateException("switchover refused by " + active.name());
                }
            }, poller -> pair.awaitSettledWith(standby, Patience.SETTLE));
            gap.add(HealthPoller.millisWhere(seen.samples(), s -> !s.anyActive()));
            overlap.add(HealthPoller.millisWhere(seen.samples(), s -> s.all(200)));
            HealthPoller.first(seen.afterAction(), s -> s.code(0) != 200)
                    .ifPresent(s -> handover.add((s.nanos() - seen.actedAt()) / 1e6));
        }
        row("planned switchover: gap (neither node answers 200)", Distribution.of(gap));
        row("planned switchover: overlap (both nodes answer 200)", Distribution.of(overlap));
        row("planned switchover: API request until old node answers 503", Distribution.of(handover));
    }

    /** What a 10 ms poller saw around one action. */
    private record Observation(long actedAt, List<HealthPoller.Sample> samples) {
        List<HealthPoller.Sample> afterAction() {
            return samples.stream().filter(s -> s.nanos() > actedAt).toList();
        }
    }

    /** Polls {@code first} and {@code second}, runs {@code action} after a short baseline, and polls on until {@code done} returns. */
    private static Observation observe(HaNodeProcess first, HaNodeProcess second, Runnable action,
                                       java.util.function.Consumer<HealthPoller> done) {
        try (HealthPoller poller = HealthPoller.start(first, second)) {
            poller.awaitSamples(20);
            long actedAt = System.nanoTime();
            action.run();
            done.accept(poller);
            return new Observation(actedAt, poller.stop());
        }
    }

    /** Health-check latency on the active node under a steady 2,000 requests per second. */
    private void probeLatencyUnderLoad(NodePair pair) throws Exception {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        String host = active.address();
        int port = active.options().healthPort();
        ProbeLoad.Result load;
        long logBefore;
        try (ProbeLoad probes = new ProbeLoad(host, port)) {
            // Not measured: warms up the JIT, and opens the client's connections that the measured run reuses.
            probes.run(PROBES_PER_SECOND, LOAD_WARMUP);
            logBefore = active.logSize();
            load = probes.run(PROBES_PER_SECOND, LOAD_DURATION);
        }
        // The node logs when its event loop did not run for over a heartbeat: CPU starvation, not the probe path.
        List<Integer> stalls = java.util.regex.Pattern.compile("local stall of (\\d+) ms").matcher(active.readLog(logBefore))
                .results().map(m -> Integer.parseInt(m.group(1))).toList();
        notes.add(String.format(Locale.ROOT, "during the load the node logged %d local stalls (event loop not run for > 200 ms)%s;"
                        + " load average %.2f after", stalls.size(),
                stalls.isEmpty() ? "" : ", longest " + java.util.Collections.max(stalls) + " ms",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        row(String.format(Locale.ROOT, "probe latency at %,d req/s for %d s, from scheduled send",
                PROBES_PER_SECOND, LOAD_DURATION.toSeconds()), Distribution.ofNanos(load.fromScheduleNanos()));
        row("probe latency, same run, from actual send (on the wire)", Distribution.ofNanos(load.onTheWireNanos()));
        notes.add(String.format(Locale.ROOT, "probe load: %,d sent, %,d answered 200 (%.0f req/s), %d failed%s",
                load.sent(), load.ok(), load.achievedRate(), load.sent() - load.ok(),
                load.firstFailure() == null ? "" : " (first: " + load.firstFailure() + ")"));
        notes.add(slowProbes(load));
    }

    /**
     * Where the tail is: whether the probes over 5 ms on the wire come spread out or in a few bursts (a pause of the
     * node, of this JVM or of the machine), and when, to line them up with the node's GC log or flight recording.
     */
    private static String slowProbes(ProbeLoad.Result load) {
        long[] wire = load.onTheWireNanos();
        int perWindow = load.perSecond() / 10;
        Map<Integer, Integer> slowByWindow = new TreeMap<>();
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] > 5_000_000L) {
                slowByWindow.merge(i / perWindow, 1, Integer::sum);
            }
        }
        String worst = slowByWindow.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(5).map(e -> String.format(Locale.ROOT, "%s +%.1f s: %d",
                        DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.ofInstant(
                                Instant.ofEpochMilli(load.startedAtMillis() + e.getKey() * 100L), ZoneOffset.UTC)),
                        e.getKey() / 10.0, e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "probes over 5 ms on the wire: %,d, in %d of %d windows of 100 ms%s",
                slowByWindow.values().stream().mapToInt(Integer::intValue).sum(), slowByWindow.size(),
                wire.length / perWindow, worst.isEmpty() ? "" : "; most in (UTC window start, offset: count) " + worst);
    }

    private void row(String what, Distribution d) {
        rows.add(String.format(Locale.ROOT, "| %-58s | %6d | %7.1f | %7.1f | %7.1f | %7.1f |%n", what, d.count(),
                d.percentile(50), d.percentile(95), d.percentile(99), d.max()));
    }

    /** The machine line of the benchmark tables: cores, CPU, load average now, Java. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the core count below is still right
        }
        return String.format(Locale.ROOT, "machine: %d cores (%s), load average %.2f at start, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), cpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), System.getProperty("os.name"));
    }
}
