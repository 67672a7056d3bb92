package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.demo.DemoRealServer;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints what the data plane costs and how it takes edits, on loopback with a real pair, real HAProxy
 * and two real servers (the demo's, on Vert.x, in this JVM): requests/s and latency through the active
 * node's virtual service against the same wrk load straight to one real server (the overhead); failed
 * requests while 20 edits each reload HAProxy under load, a new connection per request; and the time
 * from a new virtual service's 2xx until it answers on both nodes. Not a test (nothing is asserted); run
 * with {@code tests/benchmark.sh -Dtest=DataPlaneBenchmark}; {@code -Ddataplane.seconds=15} and
 * {@code -Ddataplane.connections=1,32} change the throughput runs. Uses 127.20.48.1-4 (real servers,
 * nodes), ports 8080 and 9101-9120, and writes {@code tests/target/data-plane-benchmark.txt}. Nodes run
 * with the default JVM options.
 */
class DataPlaneBenchmark {

    private static final int WEB_PORT = 8080;
    private static final int REAL_SERVER_PORT = 8080;
    // Published address of the services: the balancer frontend's, never bound (see README, Data plane).
    private static final String PUBLISHED = "192.0.2.10";
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("dataplane.seconds", 15));
    // One connection shows what a request costs through the data plane without queueing; more load the cores.
    private static final List<Integer> CONNECTIONS = Arrays.stream(System.getProperty("dataplane.connections", "1,32")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final int RELOADS = 20;
    private static final int RELOAD_CONNECTIONS = 16;
    // wrk runs for a time fixed when it starts, so the load runs long enough for 20 edits on a busy machine;
    // each edit waits for its reload and a pause, and none starts in the last seconds of the load.
    private static final Duration RELOAD_LOAD = Duration.ofSeconds(60);
    private static final Duration RELOAD_LEAD = Duration.ofSeconds(2);
    private static final Duration RELOAD_PAUSE = Duration.ofMillis(500);
    private static final Duration RELOAD_MARGIN = Duration.ofSeconds(5);
    private static final Duration CONTROL_RUN = Duration.ofSeconds(10);
    private static final int NEW_LISTENERS = 20;
    private static final int FIRST_NEW_PORT = 9_101;
    // A listener's first answer is known to within one poll (plus the poll's own connection).
    private static final Duration LISTENER_POLL = Duration.ofMillis(5);
    private static final Duration LISTENER_WAIT = Duration.ofSeconds(10);
    private static final Pattern RELOADED = Pattern.compile("virtual service\\(s\\) applied \\(reloaded\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(48, List.of());

    private final List<String> throughputRows = new ArrayList<>();
    private final List<String> reloadRows = new ArrayList<>();
    private final List<String> listenerRows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        Wrk.requireInstalled();
        String machine = FailoverBenchmark.machine();
        // Real servers first: the fixtures close in reverse order, so HAProxy stops checking them before they stop.
        List<String> realServers = List.of(fixtures.nextAddress(), fixtures.nextAddress());
        startRealServers(realServers);
        NodePair pair = fixtures.pair("prefer-master");
        fixtures.<AutoCloseable>track(() -> stopDataPlanes(pair));
        HaNodeProcess active = pair.master();
        String id = created(active, service("web", WEB_PORT, realServers));
        for (HaNodeProcess node : pair.nodes()) {
            awaitAnswers(node, WEB_PORT);
        }

        throughput(active, realServers.get(0));
        reloadsUnderLoad(pair, id, realServers);
        newListeners(pair, realServers.get(0));

        StringBuilder table = new StringBuilder("\n===== ha-pair data plane benchmark (loopback, wrk) =====\n")
                .append(machine)
                .append(String.format(Locale.ROOT, "a prefer-master pair (default JVM options), HAProxy %s as each"
                        + " node's data plane; virtual service 'web' (http, round robin, http health check every 1 s)"
                        + " on %s:%d with real servers %s:%d and %s:%d (the demo's real server on Vert.x, two event"
                        + " loops each, in the benchmark's JVM); wrk runs %d s after a %d s warm-up of each path%n%n",
                        haproxyVersion(), active.address(), WEB_PORT, realServers.get(0), REAL_SERVER_PORT,
                        realServers.get(1), REAL_SERVER_PORT, RUN.toSeconds(), WARMUP.toSeconds()))
                .append(String.format(Locale.ROOT, "| %-40s | %5s | %9s | %6s | %8s | %7s | %7s | %7s | %-21s |%n",
                        "keep-alive load (latency in ms)", "conns", "requests", "failed", "req/s", "p50", "p99", "max",
                        "cores wrk/hap/rs/rest"))
                .append("|").append("-".repeat(42)).append("|-------|-----------|--------|----------|---------|---------|"
                        + "---------|-----------------------|\n");
        throughputRows.forEach(table::append);
        table.append('\n').append(String.format(Locale.ROOT, "| %-40s | %9s | %-52s | %8s | %7s | %7s |%n",
                "new connection per request", "requests", "failed", "req/s", "p50", "p99"))
                .append("|").append("-".repeat(42)).append("|-----------|").append("-".repeat(54))
                .append("|----------|---------|---------|\n");
        reloadRows.forEach(table::append);
        table.append('\n').append(String.format(Locale.ROOT, "| %-60s | %4s | %7s | %7s | %7s |%n",
                "new virtual service (ms)", "n", "p50", "p99", "max"))
                .append("|").append("-".repeat(62)).append("|------|---------|---------|---------|\n");
        listenerRows.forEach(table::append);
        notes.forEach(n -> table.append(n).append('\n'));
        table.append("=====\n");
        System.out.println(table);
        Path out = Path.of("target", "data-plane-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** The same keep-alive load straight to one real server and through the active node's virtual service. */
    private void throughput(HaNodeProcess active, String realServer) throws Exception {
        String direct = url(realServer, REAL_SERVER_PORT);
        String through = url(active.address(), WEB_PORT);
        int most = CONNECTIONS.stream().max(Integer::compare).orElseThrow();
        // JIT of the real servers and HAProxy's first connections to them, not measured.
        Wrk.run(direct, most, WARMUP, false, fixtures.workDir(), "warmup-direct");
        Wrk.run(through, most, WARMUP, false, fixtures.workDir(), "warmup-data-plane");
        for (int connections : CONNECTIONS) {
            Measured straight = measured(active, direct, connections, "direct-" + connections);
            Measured balanced = measured(active, through, connections, "data-plane-" + connections);
            throughputRows.add(throughputRow("straight to real server " + realServer, connections, straight));
            throughputRows.add(throughputRow("through the data plane (" + active.name() + ")", connections, balanced));
            Wrk.Result s = straight.wrk();
            Wrk.Result b = balanced.wrk();
            notes.add(String.format(Locale.ROOT, "overhead at %d connection(s): the data plane serves %.2f of the"
                            + " direct requests/s; p50 %+.2f ms, p99 %+.2f ms; HAProxy used %.0f microseconds of CPU"
                            + " per request; load average %.2f after; `%s`", connections, b.rate() / s.rate(),
                    b.p50Millis() - s.p50Millis(), b.p99Millis() - s.p99Millis(),
                    balanced.haproxyCores() / b.rate() * 1e6,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), b.command()));
        }
        notes.add("cores wrk/hap/rs/rest: CPU time over the run of wrk, of the active node's HAProxy (master and"
                + " worker), of the benchmark's JVM (the real servers), and of everything else on the machine (the"
                + " nodes, the kernel's interrupt work, other users), per second of the run");
    }

    /** A run and the cores each party used meanwhile; {@code rest} is everything else, the nodes included. */
    private record Measured(Wrk.Result wrk, double wrkCores, double haproxyCores, double realServerCores,
                            double restCores) {
    }

    private static Measured measured(HaNodeProcess active, String url, int connections, String label) throws Exception {
        long self = ProcessHandle.current().pid();
        long machineBefore = CpuTime.machineBusyTicks();
        long haproxyBefore = haproxyTicks(active);
        long jvmBefore = CpuTime.ticks(self);
        long wrkBefore = CpuTime.reapedChildrenTicks(self);
        Wrk.Result r = Wrk.run(url, connections, RUN, false, fixtures.workDir(), label);
        long wrkTicks = CpuTime.reapedChildrenTicks(self) - wrkBefore;
        long haproxyTicks = haproxyTicks(active) - haproxyBefore;
        long jvmTicks = CpuTime.ticks(self) - jvmBefore;
        long restTicks = CpuTime.machineBusyTicks() - machineBefore - wrkTicks - haproxyTicks - jvmTicks;
        double seconds = r.seconds();
        return new Measured(r, CpuTime.seconds(wrkTicks) / seconds, CpuTime.seconds(haproxyTicks) / seconds,
                CpuTime.seconds(jvmTicks) / seconds, CpuTime.seconds(restTicks) / seconds);
    }

    private static String throughputRow(String what, int connections, Measured m) {
        Wrk.Result r = m.wrk();
        return String.format(Locale.ROOT, "| %-40s | %5d | %,9d | %6d | %,8.0f | %7.2f | %7.2f | %7.1f | %-21s |%n", what,
                connections, r.requests(), r.failed(), r.rate(), r.p50Millis(), r.p99Millis(), r.maxMillis(),
                String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f", m.wrkCores(), m.haproxyCores(), m.realServerCores(),
                        m.restCores()));
    }

    /**
     * wrk with a new connection per request through the active node, first without edits (the control),
     * then while 20 edits of the idle timeout each reload HAProxy on both nodes; each edit waits until the
     * active node reports its reload, and a short pause, before the next.
     */
    private void reloadsUnderLoad(NodePair pair, String id, List<String> realServers) throws Exception {
        HaNodeProcess active = pair.master();
        HaNodeProcess standby = pair.slave();
        String url = url(active.address(), WEB_PORT);
        Wrk.Result control = Wrk.run(url, RELOAD_CONNECTIONS, CONTROL_RUN, true, fixtures.workDir(), "no-reload");
        reloadRows.add(reloadRow("no edits (control), " + RELOAD_CONNECTIONS + " connections", control));

        long activeLog = active.logSize();
        long standbyLog = standby.logSize();
        long started = System.nanoTime();
        long ends = started + RELOAD_LOAD.toNanos();
        Wrk load = Wrk.start(url, RELOAD_CONNECTIONS, RELOAD_LOAD, true, fixtures.workDir(), "reloads");
        sleepUntil(started + RELOAD_LEAD.toNanos());
        List<Double> editToReload = new ArrayList<>();
        long lastReloadedAt = started;
        int edits = 0;
        while (edits < RELOADS && System.nanoTime() < ends - RELOAD_MARGIN.toNanos()) {
            long appliedBefore = applied(active).path("appliedAt").asLong();
            HttpOnce.Answer edit = active.api("PUT", "/api/v1/virtual-services/" + id,
                    service("web", WEB_PORT, realServers).put("idleTimeoutSeconds", 241 + edits).toString(), null);
            long answered = System.nanoTime();
            if (edit.code() != 200) {
                throw new IllegalStateException("edit " + (edits + 1) + " answered " + edit.code() + " " + edit.body());
            }
            await("reload " + (edits + 1) + " on " + active.name()).atMost(Patience.SETTLE)
                    .pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> {
                        JsonNode now = applied(active);
                        return now.path("appliedAt").asLong() > appliedBefore
                                && "reloaded".equals(now.path("how").asText());
                    });
            lastReloadedAt = System.nanoTime();
            editToReload.add((lastReloadedAt - answered) / 1e6);
            edits++;
            sleepUntil(lastReloadedAt + RELOAD_PAUSE.toNanos());
        }
        Wrk.Result reloading = load.finish();
        reloadRows.add(reloadRow(edits + " hot reloads, " + RELOAD_CONNECTIONS + " connections", reloading));
        int expected = edits;
        await(standby.name() + " reloaded every edit").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> reloads(standby, standbyLog) >= expected);
        Distribution d = Distribution.of(editToReload);
        notes.add(String.format(Locale.ROOT, "hot reloads: %d edits of idleTimeoutSeconds in %.1f s of a %d s load%s;"
                        + " the nodes logged %d reloads (%s, under the load) and %d (%s, synced); edit 2xx until %s"
                        + " reported the reload: p50 %.0f ms, max %.0f ms; failures under load: %s; `%s`", edits,
                (lastReloadedAt - started) / 1e9, RELOAD_LOAD.toSeconds(),
                edits < RELOADS ? " (the load ended before the other " + (RELOADS - edits) + ")" : "",
                reloads(active, activeLog), active.name(), reloads(standby, standbyLog), standby.name(), active.name(),
                d.percentile(50), d.max(), reloading.failures(), reloading.command()));
        notes.add(String.format(Locale.ROOT, "load average %.2f after the reloads",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static String reloadRow(String what, Wrk.Result r) {
        return String.format(Locale.ROOT, "| %-40s | %,9d | %-52s | %,8.0f | %7.2f | %7.2f |%n", what, r.requests(),
                r.failed() + " (" + r.failures() + ")", r.rate(), r.p50Millis(), r.p99Millis());
    }

    /** How many reloads the node logged since {@code offset}. */
    private static long reloads(HaNodeProcess node, long offset) {
        return RELOADED.matcher(node.readLog(offset)).results().count();
    }

    /**
     * Creates a virtual service on a new port on the active node and polls both nodes' own address at that
     * port on new connections until each answers 200 from the real server, timed from the create's 2xx.
     */
    private void newListeners(NodePair pair, String realServer) throws Exception {
        HaNodeProcess active = pair.master();
        HaNodeProcess standby = pair.slave();
        List<Double> create = new ArrayList<>();
        List<Double> onActive = new ArrayList<>();
        List<Double> onStandby = new ArrayList<>();
        List<Double> onBoth = new ArrayList<>();
        ExecutorService pollers = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < NEW_LISTENERS; i++) {
                int port = FIRST_NEW_PORT + i;
                long sent = System.nanoTime();
                created(active, service("new-" + i, port, List.of(realServer)));
                long answered = System.nanoTime();
                CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> firstAnswer(active, port), pollers);
                CompletableFuture<Long> s = CompletableFuture.supplyAsync(() -> firstAnswer(standby, port), pollers);
                double activeMillis = (a.get() - answered) / 1e6;
                double standbyMillis = (s.get() - answered) / 1e6;
                create.add((answered - sent) / 1e6);
                onActive.add(activeMillis);
                onStandby.add(standbyMillis);
                onBoth.add(Math.max(activeMillis, standbyMillis));
            }
        } finally {
            pollers.shutdownNow();
        }
        listenerRows.add(listenerRow("POST on " + active.name() + " until its 201 (includes haproxy -c)", create));
        listenerRows.add(listenerRow("201 until " + active.name() + " (active) answers 200 on the new port", onActive));
        listenerRows.add(listenerRow("201 until " + standby.name() + " (standby, by sync) answers 200", onStandby));
        listenerRows.add(listenerRow("201 until both nodes answer 200 on the new port", onBoth));
        notes.add(String.format(Locale.ROOT, "new virtual services: %d, each on a new port (%d-%d) of both nodes' own"
                        + " addresses, polled every %d ms on a new connection; load average %.2f at the end",
                NEW_LISTENERS, FIRST_NEW_PORT, FIRST_NEW_PORT + NEW_LISTENERS - 1, LISTENER_POLL.toMillis(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static String listenerRow(String what, List<Double> millis) {
        Distribution d = Distribution.of(millis);
        return String.format(Locale.ROOT, "| %-60s | %4d | %7.1f | %7.1f | %7.1f |%n", what, d.count(),
                d.percentile(50), d.percentile(99), d.max());
    }

    /** When (System.nanoTime) the node's own address first answered 200 at {@code port}. */
    private static long firstAnswer(HaNodeProcess node, int port) {
        long deadline = System.nanoTime() + LISTENER_WAIT.toNanos();
        HttpOnce.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = HttpOnce.get(node.address(), port, "/", Duration.ofSeconds(1));
            if (last.code() == 200) {
                return System.nanoTime();
            }
            sleepUntil(System.nanoTime() + LISTENER_POLL.toNanos());
        }
        throw new IllegalStateException(node.name() + " did not answer 200 on port " + port + " within " + LISTENER_WAIT
                + "; last answer " + last);
    }

    /** The two real servers, each served by two event loops (Vert.x shares one listening socket between them). */
    private static void startRealServers(List<String> addresses) throws TimeoutException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        fixtures.<AutoCloseable>track(() -> vertx.close().await(10, TimeUnit.SECONDS));
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return Future.all(IntStream.range(0, addresses.size()).mapToObj(i -> new DemoRealServer(vertx,
                        "rs" + (i + 1), addresses.get(i), REAL_SERVER_PORT).start()).toList());
            }
        }, new DeploymentOptions().setInstances(2)).await(30, TimeUnit.SECONDS);
    }

    private static ObjectNode service(String name, int port, List<String> realServers) {
        ObjectNode vs = JSON.createObjectNode().put("name", name).put("address", PUBLISHED).put("port", port)
                .put("protocol", "http");
        vs.putObject("healthCheck").put("type", "http").put("path", "/").put("expectedStatus", 200)
                .put("intervalSeconds", 1);
        ArrayNode servers = vs.putArray("realServers");
        realServers.forEach(rs -> servers.addObject().put("address", rs).put("port", REAL_SERVER_PORT));
        return vs;
    }

    /** POSTs the service and returns its id; throws unless the node answers 201. */
    private static String created(HaNodeProcess node, ObjectNode service) throws IOException {
        HttpOnce.Answer a = node.api("POST", "/api/v1/virtual-services", service.toString(), null);
        if (a.code() != 201) {
            throw new IllegalStateException("creating " + service + " answered " + a.code() + " " + a.body());
        }
        return JSON.readTree(a.body()).path("id").asText();
    }

    private static void awaitAnswers(HaNodeProcess node, int port) {
        await(node.name() + " serves port " + port).atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> HttpOnce.get(node.address(), port, "/", Duration.ofSeconds(2)).code() == 200);
    }

    /** What the node's data plane runs: {@code configuration} of {@code GET /api/v1/data-plane}. */
    private static JsonNode applied(HaNodeProcess node) {
        return node.apiJson("/api/v1/data-plane").path("configuration");
    }

    /** The HAProxy processes (master and workers) under the node. */
    private static List<ProcessHandle> haproxyUnder(HaNodeProcess node) {
        return ProcessHandle.of(node.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith("/haproxy")).orElse(false)).toList();
    }

    private static long haproxyTicks(HaNodeProcess node) {
        return haproxyUnder(node).stream().mapToLong(p -> CpuTime.ticks(p.pid())).sum();
    }

    /**
     * The fixtures end nodes with kill -9, which leaves their HAProxy running on the nodes' addresses:
     * each node is killed first (so it cannot restart HAProxy), then the HAProxy it had.
     */
    private static void stopDataPlanes(NodePair pair) throws InterruptedException {
        for (HaNodeProcess node : pair.nodes()) {
            List<ProcessHandle> haproxy = node.alive() ? haproxyUnder(node) : List.of();
            node.kill9();
            haproxy.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : haproxy) {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String haproxyVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
        p.waitFor();
        return first.replaceAll("^HAProxy version (\\S+).*", "$1");
    }

    private static String url(String address, int port) {
        return "http://" + address + ":" + port + "/";
    }

    /** Pacing of the edits and polls, not a wait for a condition. */
    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
