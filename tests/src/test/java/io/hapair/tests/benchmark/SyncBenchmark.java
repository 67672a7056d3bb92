package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.store.SettingsStore;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints settings-sync figures on loopback: change-to-partner latency, a full resync of 10,000
 * virtual services, health-probe latency and the bytes the master sends during it (messages, and frames as deflated),
 * and the resident memory of nodes holding them.
 * Not a test (nothing is asserted); run with {@code tests/benchmark.sh -Dtest=SyncBenchmark}, and
 * {@code -Dsync.changes=N} for fewer changes in the latency part (default 1,000; it takes about two minutes).
 * Nodes run with the default JVM options, and {@code -Dbenchmark.nodeJvmArgs} ({@link BenchmarkNodes}).
 */
class SyncBenchmark {

    private static final int CHANGES = Integer.getInteger("sync.changes", 1_000);
    // The changes rotate over this many services, so the store stays small while latency is measured.
    private static final int NAMES = 50;
    private static final int SERVICES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(37, BenchmarkNodes.jvmArgs());

    private final List<String> rows = new ArrayList<>();

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        NodePair pair = fixtures.pair("prefer-master");
        if (CHANGES < NAMES) {
            throw new IllegalArgumentException("-Dsync.changes=" + CHANGES + ": must be at least " + NAMES
                    + " (the resync counts the deletions of the latency part's " + NAMES + " services among its changes)");
        }
        changeToPartnerLatency(pair.master(), pair.slave());
        fullResync(pair);
        BenchmarkNodes.stop(pair);

        StringBuilder table = new StringBuilder("\n===== ha-pair settings sync benchmark (loopback) =====\n")
                .append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f at end, Java %s%n",
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.version")))
                .append(BenchmarkNodes.describe())
                .append(String.format(Locale.ROOT, "| %-78s | %6s | %9s | %9s | %11s |%n", "measurement", "n", "p50",
                        "p99", "max / value"))
                .append("|").append("-".repeat(80)).append("|--------|-----------|-----------|-------------|\n");
        rows.forEach(table::append);
        System.out.println(table.append("=====\n"));
        Path out = Path.of("target", "sync-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /**
     * From the 2xx of a write on one node until the partner's API returns the new version, polled on new
     * connections as fast as they go; one poll's duration bounds the resolution and is printed too.
     */
    private void changeToPartnerLatency(HaNodeProcess writer, HaNodeProcess reader) {
        List<Double> latency = new ArrayList<>();
        List<Double> pollMillis = new ArrayList<>();
        List<Double> lagMillis = new ArrayList<>();
        int firstPoll = 0;
        for (int i = 0; i < CHANGES; i++) {
            String name = "latency-" + (i % NAMES);
            String port = Integer.toString(20_000 + i);
            String path = "/api/v1/virtual-services/" + name;
            HttpOnce.Answer w = i < NAMES ? writer.api("POST", "/api/v1/virtual-services", service(name, 20_000 + i), null)
                    : writer.api("PUT", path, service(name, 20_000 + i), null);
            long acknowledged = System.nanoTime();
            if (w.code() / 100 != 2) {
                throw new IllegalStateException("write " + i + " answered " + w.code() + " " + w.body());
            }
            for (int poll = 1; ; poll++) {
                long before = System.nanoTime();
                HttpOnce.Answer r = reader.api("GET", path);
                long now = System.nanoTime();
                pollMillis.add((now - before) / 1e6);
                if (r.code() == 200 && r.body().contains("\"port\":" + port + ",")) {
                    latency.add((now - acknowledged) / 1e6);
                    firstPoll += poll == 1 ? 1 : 0;
                    break;
                }
                if (now - acknowledged > Patience.SETTLE.toNanos()) {
                    throw new IllegalStateException("change " + i + " did not reach " + reader.name());
                }
            }
            lagMillis.add((double) writer.apiJson("/api/v1/sync/status").path("lagMillis").asLong());
        }
        row("change to partner: 2xx on master until slave's API returns it (ms)", Distribution.of(latency));
        row("  one GET on the slave's API, new TLS connection (resolution) (ms)", Distribution.of(pollMillis));
        rows.add(String.format(Locale.ROOT, "| %-78s | %6d | %9s | %9s | %11d |%n",
                "  changes already on the slave at the first GET (latency is below one GET)", CHANGES, "", "", firstPoll));
        row("  sync status lagMillis (push sent until ack) after each change (ms)", Distribution.of(lagMillis));
    }

    /**
     * The slave is stopped, the master imports 10,000 services (which also deletes the latency
     * services), and the slave comes back: its comparison on reconnect carries all of it.
     */
    private void fullResync(NodePair pair) throws Exception {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        slave.kill9();
        HttpOnce.Answer imported = master.api("POST", "/api/v1/settings/import", export(SERVICES), null);
        if (imported.code() != 200) {
            throw new IllegalStateException("import answered " + imported.code() + " " + imported.body());
        }
        JsonNode linkBefore = master.status().path("peerLink");
        ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
        int[] failed = {0};
        boolean[] stop = {false};
        Thread prober = new Thread(() -> {
            while (!stop[0]) {
                for (HaNodeProcess n : pair.nodes()) {
                    long sentAt = System.currentTimeMillis();
                    long t = System.nanoTime();
                    HttpOnce.Answer a = HttpOnce.get(n.address(), n.options().healthPort(), "/", Duration.ofSeconds(2));
                    if (a.code() == 200 || a.code() == 503) {
                        probes.add(new Probe(n == slave, sentAt, (System.nanoTime() - t) / 1e6));
                    } else if (a.code() != HttpOnce.REFUSED) {
                        // refused: the slave's JVM is still starting and nothing listens yet
                        failed[0]++;
                    }
                }
            }
        }, "resync-prober");
        slave.start();
        prober.start();
        slave.awaitStarted(Patience.START);
        await("slave received every service").atMost(Patience.START).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> slave.apiJson("/api/v1/sync/status").path("receivedChanges").asLong()
                        >= SERVICES + NAMES);
        stop[0] = true;
        prober.join();
        JsonNode s = slave.apiJson("/api/v1/sync/status");
        JsonNode m = master.apiJson("/api/v1/sync/status");
        long started = Math.min(s.path("lastFullComparison").path("startedAt").asLong(),
                m.path("lastFullComparison").path("startedAt").asLong());
        long done = s.path("lastReceiveAt").asLong();
        rows.add(String.format(Locale.ROOT, "| %-78s | %6d | %9s | %9s | %11d |%n",
                "full resync of 10,000 virtual services: comparison start to last stored (ms)", SERVICES, "", "",
                done - started));
        row("health probe (new connection) on both nodes during the resync (ms)", probeMillis(probes, p -> true));
        row("  the master's, from the slave's comparison start to its last stored (ms)",
                probeMillis(probes, p -> !p.toSlave() && p.sentAt() >= started && p.sentAt() <= done));
        row("  the slave's, before that comparison started (its start-up) (ms)",
                probeMillis(probes, p -> p.toSlave() && p.sentAt() < started));
        row("  the slave's, from that comparison start to its last stored (ms)",
                probeMillis(probes, p -> p.toSlave() && p.sentAt() >= started && p.sentAt() <= done));
        rows.add(String.format(Locale.ROOT, "| %-78s | %6d | %9s | %9s | %11d |%n",
                "  probes timed out or broken (no HTTP answer within 2 s)", probes.size() + failed[0], "", "", failed[0]));
        JsonNode linkAfter = master.status().path("peerLink");
        rows.add(String.format(Locale.ROOT, "| %-78s | %6s | %9s | %9s | %11s |%n",
                "  master to slave meanwhile: message bytes / frame bytes (KiB; deflated: " + linkAfter.path("deflates")
                        + ")", "", "", "", (linkAfter.path("bodyBytesSent").asLong() - linkBefore.path("bodyBytesSent").asLong()) / 1024
                        + " / " + (linkAfter.path("bytesSent").asLong() - linkBefore.path("bytesSent").asLong()) / 1024));
        await("slave lists every service").atMost(Patience.START).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> slave.apiJson("/api/v1/virtual-services").path("items").size() == SERVICES);
        for (HaNodeProcess n : pair.nodes()) {
            rows.add(String.format(Locale.ROOT, "| %-78s | %6s | %9s | %9s | %11d |%n",
                    "resident memory (VmRSS) of the " + n.name() + " holding 10,000 services (MiB)", "", "", "",
                    n.residentKib() / 1024));
        }
    }

    /** One health probe of the resync's prober: to which node, when it was sent (epoch ms), how long it took. */
    private record Probe(boolean toSlave, long sentAt, double millis) {
    }

    private static Distribution probeMillis(Collection<Probe> probes, Predicate<Probe> which) {
        return Distribution.of(probes.stream().filter(which).map(Probe::millis).toList());
    }

    private void row(String what, Distribution d) {
        rows.add(String.format(Locale.ROOT, "| %-78s | %6d | %9.1f | %9.1f | %11.1f |%n", what, d.count(),
                d.percentile(50), d.percentile(99), d.max()));
    }

    private static String service(String name, int port) {
        ObjectNode vs = JSON.createObjectNode().put("name", name).put("address", "10.8.0.1").put("port", port)
                .put("protocol", "tcp");
        vs.putArray("realServers").addObject().put("address", fixtures.silentAddress())
                .put("port", Fixtures.SILENT_PORT);
        return vs.toString();
    }

    private static String export(int count) {
        ObjectNode doc = JSON.createObjectNode().put("schemaVersion", SettingsStore.SCHEMA_VERSION);
        ArrayNode services = doc.putObject("settings").putArray("virtual-services");
        for (int i = 0; i < count; i++) {
            services.add(readTree(service("vs-" + i, 1_000 + i)));
        }
        return doc.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
