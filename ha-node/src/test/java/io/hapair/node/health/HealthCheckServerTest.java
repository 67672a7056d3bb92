package io.hapair.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckServerTest {

    private static final String HOST = "127.0.3.20";
    // Sources of hostile clients and of a well-behaved prober, apart so that per-address limits can tell them apart.
    private static final String ATTACKER = "127.0.72.1";
    private static final String PROBER = "127.0.72.2";
    private final Vertx vertx = Vertx.vertx();
    private static final Duration STALLED_AFTER = Duration.ofMillis(400);
    // The role loop's clock, stepped by the tests: the gate reads it on the server's event loop.
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ServingGate gate = new ServingGate(STALLED_AFTER, nanos::get);
    private final List<String> probes = new CopyOnWriteArrayList<>();
    private final int port = TestPorts.free(HOST);
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        gate.ran(Activity.ACTIVE, gate.now());
        vertx.deployVerticle(new HealthCheckServer(HOST, port, HaMode.SLAVE, gate,
                (source, active) -> probes.add(source + "=" + active))).await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Socket connectFrom(String source) throws IOException {
        Socket socket = new Socket();
        // Small buffers: a client that reads nothing is stalled sooner by a server that stops reading it.
        socket.setReceiveBufferSize(4096);
        socket.setSendBufferSize(4096);
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(HOST, port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * Sends pipelined probes without reading an answer for up to {@code seconds}: true once the server has
     * closed the connection, false when it took requests all along (queueing as many answers).
     */
    private static boolean pipelineUntilClosed(Socket socket, int seconds) {
        byte[] batch = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() < end) {
                socket.getOutputStream().write(batch);
            }
            return false;
        } catch (IOException closed) {
            return true;
        }
    }

    @Test
    void clientsPipeliningProbesWithoutReadingAreClosedWhileAProberKeepsBeingAnswered() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpClient prober = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(PROBER));
        List<Socket> attackers = new ArrayList<>();
        try {
            List<Future<Boolean>> attacks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Socket attacker = connectFrom(ATTACKER);
                attackers.add(attacker);
                attacks.add(threads.submit(() -> pipelineUntilClosed(attacker, 40)));
            }
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(prober.request(HttpMethod.GET, port, HOST, "/").compose(req -> req.send())
                        .map(HttpClientResponse::statusCode).await(30, TimeUnit.SECONDS));
            }

            assertThat(answers).hasSize(50).containsOnly(200);
            for (Future<Boolean> attack : attacks) {
                assertThat(attack.get(60, TimeUnit.SECONDS)).as("attacking connection closed").isTrue();
            }
        } finally {
            for (Socket s : attackers) {
                s.close();
            }
            threads.shutdownNow();
        }
    }

    @Test
    void connectionsPastTheLimitFromOneAddressAreClosedWhileOtherAddressesAreAnswered() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < HealthCheckServer.MAX_CONNECTIONS_PER_ADDRESS; i++) {
            held.add(connectFrom(ATTACKER));
        }
        try (Socket oneTooMany = connectFrom(ATTACKER)) {
            assertThat(oneTooMany.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        HttpClient prober = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(PROBER));
        assertThat(prober.request(HttpMethod.GET, port, HOST, "/").compose(req -> req.send())
                .map(HttpClientResponse::statusCode).await(10, TimeUnit.SECONDS)).isEqualTo(200);
        for (Socket s : held) {
            s.close();
        }
    }

    private record Answer(int statusCode, String contentType, String body) {
    }

    private Answer call(HttpMethod method, String path) throws Exception {
        return client.request(method, port, HOST, path)
                .compose(req -> req.send().compose((HttpClientResponse r) -> r.body()
                        .map(b -> new Answer(r.statusCode(), r.getHeader("Content-Type"), b.toString()))))
                .await(5, TimeUnit.SECONDS);
    }

    @Test
    void activeNodeAnswers200WithItsRoleAsPlainText() throws Exception {
        Answer r = call(HttpMethod.GET, "/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("Slave is active");
    }

    @Test
    void standbyNodeAnswers503AndDisclosesNothing() throws Exception {
        gate.ran(Activity.STANDBY, gate.now());
        Answer r = call(HttpMethod.GET, "/");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void activeNodeWhoseRoleLoopStoppedRunningAnswers503UntilItRunsAgain() throws Exception {
        nanos.addAndGet(STALLED_AFTER.toNanos());
        assertThat(call(HttpMethod.GET, "/").statusCode()).as("role loop ran just within the limit").isEqualTo(200);

        nanos.addAndGet(1);
        assertThat(call(HttpMethod.GET, "/").statusCode()).as("role loop stalled").isEqualTo(503);

        gate.ran(Activity.ACTIVE, gate.now());
        assertThat(call(HttpMethod.GET, "/").statusCode()).as("role loop running again").isEqualTo(200);
    }

    @Test
    void aDecisionMadeBeforeAStallAndPublishedAfterItDoesNotOpenTheGate() throws Exception {
        gate.ran(Activity.STANDBY, gate.now());
        long decidedAt = gate.now();
        // The process stops after the role loop decided active and before it published the decision.
        nanos.addAndGet(STALLED_AFTER.toNanos() + 1);
        gate.ran(Activity.ACTIVE, decidedAt);
        assertThat(call(HttpMethod.GET, "/").statusCode()).as("a decision from before the stall").isEqualTo(503);

        gate.ran(Activity.ACTIVE, gate.now());
        assertThat(call(HttpMethod.GET, "/").statusCode()).as("decided after the stall").isEqualTo(200);
    }

    @Test
    void headIsAnsweredLikeGet() throws Exception {
        assertThat(call(HttpMethod.HEAD, "/").statusCode()).isEqualTo(200);
        gate.ran(Activity.STANDBY, gate.now());
        assertThat(call(HttpMethod.HEAD, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void otherPathsAndMethodsAreNotProbes() throws Exception {
        assertThat(call(HttpMethod.GET, "/status").statusCode()).isEqualTo(404);
        assertThat(call(HttpMethod.POST, "/").statusCode()).isEqualTo(405);
        assertThat(probes).isEmpty();
    }

    @Test
    void everyProbeIsReportedWithItsSourceAndAnswer() throws Exception {
        call(HttpMethod.GET, "/");
        gate.ran(Activity.STANDBY, gate.now());
        call(HttpMethod.GET, "/");

        assertThat(probes).containsExactly("127.0.0.1=true", "127.0.0.1=false");
    }

    @Test
    void answerBodyNamesTheConfiguredMode() throws Exception {
        assertThat(HealthCheckServer.bodyFor(HaMode.MASTER)).isEqualTo("Master is active");
        assertThat(HealthCheckServer.bodyFor(HaMode.SLAVE)).isEqualTo("Slave is active");
    }
}
