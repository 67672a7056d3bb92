package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.PemTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints what creating 10,000 virtual services one by one through the REST API of the active node
 * costs: the rate per 1,000 documents (flat when a write does not grow with the number stored), the
 * total time, and what the pair saw meanwhile: the longest gap between the partner's heartbeats as
 * the standby node records them, the longest gap between answers of the active node's health-check
 * port, and how often the standby took over. Each write is one {@code POST /api/v1/virtual-services}
 * on one keep-alive HTTPS connection. A 201 means the service is stored and checked; each node's data plane
 * catches up on its own (several edits to one reload), so the benchmark also prints how long after the last
 * 201 each node's HAProxy served every service, and how many reloads each node made. Not a test (nothing is
 * asserted); run
 * with
 *
 * <pre>mvn -B -o -pl ha-node,tests -am verify -Dtest=WriteBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * (or {@code tests/benchmark.sh -Dtest=WriteBenchmark}); {@code -Dwrites=3000} writes fewer, and
 * {@code -Dhanode.jar=PATH} measures another build of the node. Uses 127.20.45.1-2 and writes
 * {@code tests/target/write-benchmark.txt}. Nodes run with the default JVM options, and
 * {@code -Dbenchmark.nodeJvmArgs} ({@link BenchmarkNodes}).
 */
class WriteBenchmark {

    private static final int WRITES = Integer.getInteger("writes", 10_000);
    private static final int STEP = 1_000;
    // The standby's status is read this often: the heartbeat gaps are known to within it.
    private static final Duration STATUS_POLL = Duration.ofMillis(100);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP = Duration.ofMinutes(10);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(500);
    private static final Pattern RELOADED = Pattern.compile("virtual service\\(s\\) applied \\(reloaded\\)");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(45, BenchmarkNodes.jvmArgs());

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        NodePair pair = fixtures.pair("prefer-master");
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        Watch watch = new Watch(master, slave);
        long masterLog = master.logSize();
        long slaveLog = slave.logSize();
        watch.start();
        List<String> rows = new ArrayList<>();
        long start = System.nanoTime();
        long stepStart = start;
        // One keep-alive HTTPS connection, as a provisioning script would use: a new TLS handshake per write
        // would cap the rate at what the handshakes cost (about 20 writes/s here), whatever a write costs the node.
        HttpClient client = keepAlive(master);
        URI uri = api(master, "/api/v1/virtual-services");
        for (int i = 0; i < WRITES; i++) {
            HttpResponse<String> a = client.send(HttpRequest.newBuilder(uri).header("Authorization", basic(master))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(service(i)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (a.statusCode() != 201) {
                throw new IllegalStateException("write " + i + " answered " + a.statusCode() + " " + a.body());
            }
            if ((i + 1) % STEP == 0 || i + 1 == WRITES) {
                long now = System.nanoTime();
                int n = (i % STEP) + 1;
                rows.add(String.format(Locale.ROOT, "| %6d to %6d | %6.1f writes/s | %8.1f s | %6d ms | %6d ms | %3d |%n",
                        i + 2 - n, i + 1, n / ((now - stepStart) / 1e9), (now - stepStart) / 1e9,
                        watch.heartbeatGap.get(), watch.probeGap.get(),
                        transitionsToActive(slave) - watch.slaveTakeoversBefore));
                // Printed as it goes too: before the fix a run took long enough to want to watch it.
                System.out.print("write benchmark: " + rows.get(rows.size() - 1));
                stepStart = now;
            }
        }
        long total = System.nanoTime() - start;
        long lastAnswer = System.nanoTime();
        double masterCaughtUp = servingAll(master, lastAnswer);
        double slaveCaughtUp = servingAll(slave, lastAnswer);
        watch.stop();
        long takeovers = transitionsToActive(slave) - watch.slaveTakeoversBefore;
        // SIGTERM, so that a flight recording asked for with -Dbenchmark.nodeJvmArgs is written.
        BenchmarkNodes.stop(pair);
        StringBuilder table = new StringBuilder("\n===== ha-pair settings write benchmark (loopback) =====\n")
                .append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f at end, Java %s, node jar %s%n",
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.version"), System.getProperty("hanode.jar")))
                .append(String.format(Locale.ROOT, "%,d virtual services created one by one with POST on %s"
                        + " (one keep-alive connection)%n",
                        WRITES, master.name()))
                .append("columns: documents, write rate, time; then, so far: longest heartbeat gap at the slave,\n"
                        + "longest gap between the master's health-check answers, takeovers by the slave\n")
                .append("| documents        | rate             | time       | hb gap    | probe gap | to  |\n")
                .append("|------------------|------------------|------------|-----------|-----------|-----|\n");
        rows.forEach(table::append);
        table.append(String.format(Locale.ROOT, "total: %.1f s, %.1f writes/s%n", total / 1e9, WRITES / (total / 1e9)))
                .append(String.format(Locale.ROOT, "longest gap between the master's heartbeats at the slave: %d ms"
                        + " (status read every %d ms; the longest read took %d ms, by which a gap seen can be longer"
                        + " than the heartbeats' own)%n", watch.heartbeatGap.get(), STATUS_POLL.toMillis(),
                        watch.statusRead.get()))
                .append(String.format(Locale.ROOT, "longest gap between the master's health-check answers: %d ms"
                        + " (probed every %d ms)%n", watch.probeGap.get(), PROBE_POLL.toMillis()))
                .append(String.format(Locale.ROOT, "takeovers by the slave meanwhile: %d%n", takeovers))
                .append(String.format(Locale.ROOT, "HAProxy served all %,d services %.1f s (%s) and %.1f s (%s) after"
                        + " the last 201 (data-plane status read every %d ms); reloads logged: %d (%s), %d (%s)%n",
                        WRITES, masterCaughtUp, master.name(), slaveCaughtUp, slave.name(), CATCH_UP_POLL.toMillis(),
                        reloads(master, masterLog), master.name(), reloads(slave, slaveLog), slave.name()));
        System.out.println(table.append("=====\n"));
        Path out = Path.of("target", "write-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** Watches the pair while the writes run, on two threads of its own. */
    private static final class Watch {
        private final HaNodeProcess master;
        private final HaNodeProcess slave;
        private final long slaveTakeoversBefore;
        private final AtomicLong heartbeatGap = new AtomicLong();
        // A slow status read hides the heartbeats that arrived meanwhile: the gap seen can be this much longer
        // than the heartbeats' own.
        private final AtomicLong statusRead = new AtomicLong();
        private final AtomicLong probeGap = new AtomicLong();
        private volatile boolean stopped;
        private final List<Thread> threads = new ArrayList<>();

        Watch(HaNodeProcess master, HaNodeProcess slave) {
            this.master = master;
            this.slave = slave;
            this.slaveTakeoversBefore = transitionsToActive(slave);
        }

        void start() {
            threads.add(new Thread(this::heartbeats, "write-benchmark-heartbeats"));
            threads.add(new Thread(this::probes, "write-benchmark-probes"));
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            stopped = true;
            for (Thread t : threads) {
                t.join();
            }
        }

        /**
         * The gap between two distinct partner.lastHeartbeatAt values the slave reports (its own clock). Read on one
         * keep-alive connection: a TLS handshake every 100 ms was 13% of the slave's CPU samples (JFR, 3,000 writes),
         * which the benchmark took from the nodes it measures.
         */
        private void heartbeats() {
            HttpClient client = keepAlive(slave);
            HttpRequest status = HttpRequest.newBuilder(api(slave, "/api/v1/ha/status")).header("Authorization",
                    basic(slave)).timeout(STATUS_TIMEOUT).GET().build();
            long last = -1;
            while (!stopped) {
                long asked = System.nanoTime();
                HttpResponse<String> a = send(client, status);
                statusRead.accumulateAndGet((System.nanoTime() - asked) / 1_000_000, Math::max);
                if (a != null && a.statusCode() == 200) {
                    long at = readTree(a.body()).path("partner").path("lastHeartbeatAt").asLong(-1);
                    if (last > 0 && at > last) {
                        heartbeatGap.accumulateAndGet(at - last, Math::max);
                    }
                    last = Math.max(last, at);
                }
                sleep(STATUS_POLL);
            }
        }

        /** The answer, or null when there was none in time (no heartbeat is seen then; the next read tells). */
        private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private void probes() {
            long last = System.nanoTime();
            while (!stopped) {
                HttpOnce.Answer a = HttpOnce.get(master.address(), master.options().healthPort(), "/", Duration.ofSeconds(5));
                long now = System.nanoTime();
                if (a.code() == 200 || a.code() == 503) {
                    probeGap.accumulateAndGet((now - last) / 1_000_000, Math::max);
                    last = now;
                }
                sleep(PROBE_POLL);
            }
        }
    }

    /**
     * Seconds from {@code since} until {@code node}'s data plane serves every written service (as its
     * data-plane status lists them).
     */
    private static double servingAll(HaNodeProcess node, long since) {
        await(node.name() + " serves all " + WRITES + " services").atMost(CATCH_UP).pollInterval(CATCH_UP_POLL)
                .ignoreExceptions().until(() -> node.apiJson("/api/v1/data-plane").path("services").size() >= WRITES);
        return (System.nanoTime() - since) / 1e9;
    }

    private static long reloads(HaNodeProcess node, long logOffset) {
        return RELOADED.matcher(node.readLog(logOffset)).results().count();
    }

    /** The slave's transitions to active so far, from its Prometheus counter. */
    private static long transitionsToActive(HaNodeProcess node) {
        HttpOnce.Answer metrics = node.api("GET", "/metrics");
        return metrics.body().lines().filter(l -> l.startsWith("hanode_transitions_total{") && l.contains("to=\"active\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A client that keeps its HTTPS connection to {@code node}'s API open between requests. */
    private static HttpClient keepAlive(HaNodeProcess node) {
        return HttpClient.newBuilder().sslContext(PemTrust.context(node.certificate()))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static URI api(HaNodeProcess node, String path) {
        return URI.create("https://" + node.address() + ":" + node.options().apiPort() + path);
    }

    private static String basic(HaNodeProcess node) {
        return "Basic " + Base64.getEncoder().encodeToString(("bal:" + node.options().password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String service(int i) {
        // A port each: every service listens on the node's own address, so services clash per port.
        ObjectNode vs = JSON.createObjectNode().put("name", "vs-" + i)
                .put("address", "10.8." + (i / 250) + "." + (i % 250 + 1)).put("port", 10_000 + i).put("protocol", "tcp");
        vs.putArray("realServers").addObject().put("address", "10.9.0.1").put("port", 8443);
        return vs.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
