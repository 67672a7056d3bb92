package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.PemTrust;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
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
 * on one keep-alive HTTPS connection ({@code -Dwrites.concurrency=N}: on N, one write on each at a time, as
 * several provisioning clients at once). A 201 means the service is stored and checked; each node's data plane
 * catches up on its own (several edits to one reload), so the benchmark also prints how long after the last
 * 201 each node's HAProxy served every service, and how many reloads each node made. Not a test (nothing is
 * asserted); run
 * with
 *
 * <pre>mvn -B -o -pl ha-node,tests -am verify -Dtest=WriteBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * (or {@code tests/benchmark.sh -Dtest=WriteBenchmark}); {@code -Dwrites=3000} writes fewer,
 * {@code -Dwrites.standalone=true} writes to one standalone node (ha-mode none) instead of a pair's master, and
 * {@code -Dhanode.jar=PATH} measures another build of the node. Uses 127.20.45.1-2 and writes
 * {@code tests/target/write-benchmark.txt}. Nodes run with the default JVM options, and
 * {@code -Dbenchmark.nodeJvmArgs} ({@link BenchmarkNodes}).
 */
class WriteBenchmark {

    private static final int WRITES = Integer.getInteger("writes", 10_000);
    private static final int CONCURRENCY = Integer.getInteger("writes.concurrency", 1);
    private static final int STEP = 1_000;
    // The standby's status is read this often: the heartbeat gaps are known to within it.
    private static final Duration STATUS_POLL = Duration.ofMillis(100);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP = Duration.ofMinutes(10);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(500);
    private static final Pattern RELOADED = Pattern.compile("virtual service\\(s\\) applied \\(reloaded\\)");
    private static final Pattern APPLIED_OR_REFUSED = Pattern.compile(
            "virtual service\\(s\\) applied|the stored virtual services are refused: (.*)");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(45, BenchmarkNodes.jvmArgs());

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        boolean standalone = Boolean.getBoolean("writes.standalone");
        NodePair pair = standalone ? null : fixtures.pair("prefer-master");
        HaNodeProcess master = standalone ? fixtures.node(NodeOptions.of("solo", "none", "prefer-master",
                fixtures.nextAddress(), null).withJvmArgs(BenchmarkNodes.jvmArgs())) : pair.master();
        HaNodeProcess slave = standalone ? null : pair.slave();
        Watch watch = new Watch(master, slave);
        long masterLog = master.logSize();
        long slaveLog = standalone ? 0 : slave.logSize();
        watch.start();
        List<String> rows = new ArrayList<>();
        long[] stepStart = {System.nanoTime()};
        // CPU time at the step's start: master, slave, the whole machine (every process, steal included).
        long[] ticks = {CpuTime.ticks(master.pid()), standalone ? 0 : CpuTime.ticks(slave.pid()), CpuTime.machineBusyTicks()};
        long start = stepStart[0];
        writeAll(master, i -> {
            if ((i + 1) % STEP == 0 || i + 1 == WRITES) {
                long now = System.nanoTime();
                int n = (i % STEP) + 1;
                long[] t = {CpuTime.ticks(master.pid()), standalone ? 0 : CpuTime.ticks(slave.pid()),
                        CpuTime.machineBusyTicks()};
                rows.add(String.format(Locale.ROOT, "| %6d to %6d | %6.1f writes/s | %8.1f s | %6s ms | %6d ms | %3s"
                                + " | %6.2f | %5s | %7.2f |%n",
                        i + 2 - n, i + 1, n / ((now - stepStart[0]) / 1e9), (now - stepStart[0]) / 1e9,
                        standalone ? "-" : Long.toString(watch.heartbeatGap.get()), watch.probeGap.get(),
                        standalone ? "-" : Long.toString(watch.takeoversSeen.get()),
                        CpuTime.seconds(t[0] - ticks[0]) * 1000 / n,
                        standalone ? "-" : String.format(Locale.ROOT, "%5.2f", CpuTime.seconds(t[1] - ticks[1]) * 1000 / n),
                        CpuTime.seconds(t[2] - ticks[2]) * 1000 / n));
                System.arraycopy(t, 0, ticks, 0, t.length);
                // Printed as it goes too: before the fix a run took long enough to want to watch it.
                System.out.print("write benchmark: " + rows.get(rows.size() - 1));
                stepStart[0] = now;
            }
        });
        long total = System.nanoTime() - start;
        long lastAnswer = System.nanoTime();
        String masterCaughtUp = servingAll(master, lastAnswer, masterLog);
        String slaveCaughtUp = standalone ? "" : servingAll(slave, lastAnswer, slaveLog);
        watch.stop();
        long takeovers = standalone ? 0 : transitionsToActive(slave) - watch.slaveTakeoversBefore;
        // SIGTERM, so that a flight recording asked for with -Dbenchmark.nodeJvmArgs is written.
        if (standalone) {
            master.sigterm();
            master.awaitExit(Duration.ofSeconds(60));
        } else {
            BenchmarkNodes.stop(pair);
        }
        StringBuilder table = new StringBuilder("\n===== ha-pair settings write benchmark (loopback) =====\n")
                .append(String.format(Locale.ROOT, "machine: %d cores, load average %.2f at end, Java %s, node jar %s%n",
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.version"), System.getProperty("hanode.jar")))
                .append(BenchmarkNodes.describe())
                .append(String.format(Locale.ROOT, "%,d virtual services created one by one with POST on %s"
                        + " (%s; %s)%n",
                        WRITES, master.name(), standalone ? "a standalone node, -Dwrites.standalone" : "the pair's master",
                        CONCURRENCY == 1 ? "one keep-alive connection" : CONCURRENCY + " keep-alive connections, one"
                                + " write on each at a time, -Dwrites.concurrency"))
                .append(String.format(Locale.ROOT, "columns: documents, write rate, time; then, so far: longest heartbeat gap"
                        + " at the slave,%nlongest gap between the master's health-check answers, takeovers by the slave (seen"
                        + " in its status, read%nevery %d ms; the total below counts them all, from its metrics); then the CPU"
                        + " time per write in the%nstep (ms): of the master's JVM, the slave's JVM, and the whole machine"
                        + " (every process, steal included)%n", STATUS_POLL.toMillis()))
                .append("| documents        | rate             | time       | hb gap    | probe gap | to  | master | slave | machine |\n")
                .append("|------------------|------------------|------------|-----------|-----------|-----|--------|-------|---------|\n");
        rows.forEach(table::append);
        table.append(String.format(Locale.ROOT, "total: %.1f s, %.1f writes/s%n", total / 1e9, WRITES / (total / 1e9)));
        if (!standalone) {
            table.append(String.format(Locale.ROOT, "longest gap between the master's heartbeats at the slave: %d ms"
                            + " (status read every %d ms; the longest read took %d ms, by which a gap seen can be longer"
                            + " than the heartbeats' own)%n", watch.heartbeatGap.get(), STATUS_POLL.toMillis(),
                            watch.statusRead.get()))
                    .append(String.format(Locale.ROOT, "takeovers by the slave meanwhile: %d%n", takeovers));
        }
        table.append(String.format(Locale.ROOT, "longest gap between the master's health-check answers: %d ms"
                        + " (probed every %d ms)%n", watch.probeGap.get(), PROBE_POLL.toMillis()))
                .append(String.format(Locale.ROOT, "HAProxy, all %,d services: %s (%s, %d reloads logged)", WRITES,
                        masterCaughtUp, master.name(), reloads(master, masterLog)))
                .append(standalone ? "" : String.format(Locale.ROOT, "; %s (%s, %d reloads)", slaveCaughtUp,
                        slave.name(), reloads(slave, slaveLog)))
                .append(String.format(Locale.ROOT, " (data-plane status read every %d ms)%n", CATCH_UP_POLL.toMillis()));
        System.out.println(table.append("=====\n"));
        Path out = Path.of("target", "write-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /**
     * Sends the writes one after the other, each when the previous one answered 201, on one keep-alive HTTPS
     * connection from a Vert.x client's event loop, as a provisioning script would (a new TLS handshake per write
     * would cap the rate at what the handshakes cost, about 20 writes/s here, whatever a write costs the node). The
     * JDK's HttpClient, used before, spent 2.8 ms of CPU a write, more than the node, on the same two cores. With a
     * concurrency of N, N such chains at once, each on a connection of its own; {@code answered} is told how many
     * writes have answered, less one.
     */
    private static void writeAll(HaNodeProcess node, IntConsumer answered) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setKeepAlive(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(node.certificate().toString()))
                    .setDefaultHost(node.address()).setDefaultPort(node.options().apiPort()),
                    new PoolOptions().setHttp1MaxSize(CONCURRENCY));
            CompletableFuture<Void> done = new CompletableFuture<>();
            String auth = basic(node);
            // Both counters are only touched on the client's one event loop.
            int[] next = {0};
            int[] answers = {0};
            vertx.getOrCreateContext().runOnContext(v -> {
                for (int k = 0; k < CONCURRENCY; k++) {
                    write(client, auth, next, answers, answered, done);
                }
            });
            done.get(CATCH_UP.toMinutes() * 3, TimeUnit.MINUTES);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static void write(HttpClient client, String auth, int[] next, int[] answers, IntConsumer answered,
                              CompletableFuture<Void> done) {
        if (next[0] >= WRITES) {
            return;
        }
        int i = next[0]++;
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/virtual-services")
                        .putHeader("Authorization", auth).putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(service(i)))
                .compose(resp -> resp.body().map(body -> resp.statusCode() == 201 ? null
                        : "write " + i + " answered " + resp.statusCode() + " " + body))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() != null) {
                        done.completeExceptionally(ar.failed() ? ar.cause() : new IllegalStateException(ar.result()));
                        return;
                    }
                    answered.accept(answers[0]++);
                    if (answers[0] == WRITES) {
                        done.complete(null);
                    } else {
                        write(client, auth, next, answers, answered, done);
                    }
                });
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
        // Seen in the same status reads: a /metrics read for each row made the slave read HAProxy's statistics of
        // every service (11% of its CPU samples over 5,000 writes, JFR); the total below still comes from /metrics.
        private final AtomicLong takeoversSeen = new AtomicLong();
        private volatile boolean stopped;
        private final List<Thread> threads = new ArrayList<>();

        Watch(HaNodeProcess master, HaNodeProcess slave) {
            this.master = master;
            this.slave = slave;
            this.slaveTakeoversBefore = slave == null ? 0 : transitionsToActive(slave);
        }

        void start() {
            if (slave != null) {
                threads.add(new Thread(this::heartbeats, "write-benchmark-heartbeats"));
            }
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
            java.net.http.HttpClient client = keepAlive(slave);
            java.net.http.HttpRequest status = java.net.http.HttpRequest.newBuilder(api(slave, "/api/v1/ha/status")).header("Authorization",
                    basic(slave)).timeout(STATUS_TIMEOUT).GET().build();
            long last = -1;
            boolean active = false;
            while (!stopped) {
                long asked = System.nanoTime();
                java.net.http.HttpResponse<String> a = send(client, status);
                statusRead.accumulateAndGet((System.nanoTime() - asked) / 1_000_000, Math::max);
                if (a != null && a.statusCode() == 200) {
                    JsonNode s = readTree(a.body());
                    boolean nowActive = "active".equals(s.path("activity").asText());
                    if (nowActive && !active) {
                        takeoversSeen.incrementAndGet();
                    }
                    active = nowActive;
                    long at = s.path("partner").path("lastHeartbeatAt").asLong(-1);
                    if (last > 0 && at > last) {
                        heartbeatGap.accumulateAndGet(at - last, Math::max);
                    }
                    last = Math.max(last, at);
                }
                sleep(STATUS_POLL);
            }
        }

        /** The answer, or null when there was none in time (no heartbeat is seen then; the next read tells). */
        private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient client,
                                                              java.net.http.HttpRequest request) {
            try {
                return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
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
     * How long after {@code since} {@code node}'s data plane served every written service (as its data-plane status
     * lists them), or why it did not: the refusal it logged last, when it stopped trying.
     */
    private static String servingAll(HaNodeProcess node, long since, long logOffset) {
        try {
            await(node.name() + " serves all " + WRITES + " services").atMost(CATCH_UP).pollInterval(CATCH_UP_POLL)
                    .ignoreExceptions().until(() -> node.apiJson("/api/v1/data-plane").path("services").size() >= WRITES
                            || refusal(node, logOffset) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return "not served within " + CATCH_UP.toMinutes() + " minutes";
        }
        String refused = refusal(node, logOffset);
        return refused != null ? "refused by the data plane: " + refused
                : String.format(Locale.ROOT, "served %.1f s after the last 201", (System.nanoTime() - since) / 1e9);
    }

    /** Why the node's data plane refused the stored services, when that is the last it logged of them; else null. */
    private static String refusal(HaNodeProcess node, long logOffset) {
        return APPLIED_OR_REFUSED.matcher(node.readLog(logOffset)).results().reduce((first, second) -> second)
                .map(m -> m.group(1)).orElse(null);
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
    private static java.net.http.HttpClient keepAlive(HaNodeProcess node) {
        return java.net.http.HttpClient.newBuilder().sslContext(PemTrust.context(node.certificate()))
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
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
        vs.putArray("realServers").addObject().put("address", fixtures.silentAddress())
                .put("port", Fixtures.SILENT_PORT);
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
