package io.hapair.tests.hostile;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.withoutActiveNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RawPeerClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile connections below HTTP: clients that pipeline probes to the health-check port and never
 * read the answers, and junk on the peer port from the partner's own address. The pair (started as
 * {@code ./hanode} starts a node) must hold under an {@link AttackWatch} throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionFloodTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(51, HanodeJar.launcherJvmOptions()).aloneOnTheMachine();
    static NodePair pair;
    static HaNodeProcess master;

    private static final int FLOOD_CONNECTIONS = 50;
    // Per connection: about 20,000 pipelined probes, whose answers (about 2 MB) nobody reads.
    private static final int FLOOD_BYTES_PER_CONNECTION = 512 * 1024;
    private static final byte[] PROBES = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    // Writers the node no longer reads from block; after this they are cut loose.
    private static final Duration FLOOD_WRITING = Duration.ofSeconds(10);

    @BeforeAll
    static void startPair() {
        // The flood test ends with SIGTERM of the master: a short drain keeps it short.
        pair = fixtures.pair("prefer-master", "--shutdown-drain", "1s");
        master = pair.master();
    }

    @BeforeEach
    void masterActive() {
        pair.reset(master);
    }

    @Order(1)
    @ParameterizedTest(name = "to the {0}")
    @ValueSource(strings = {"master", "slave"})
    void junkOnThePeerPortFromThePartnerAddressIsRefusedOnceAndTheHeartbeatsGoOn(String target) throws IOException {
        HaNodeProcess node = pair.byMode(target);
        HaNodeProcess partner = pair.other(node);
        long refusedBefore = refused(node);
        byte[] junk = new byte[64 * 1024];
        new Random(64).nextBytes(junk);
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));

        String connection;
        try (RawPeerClient client = RawPeerClient.tls(partner.address(), node.address(), node.options().peerPort())) {
            connection = "peer connection from " + partner.address() + ":" + client.localPort();
            try {
                client.writeRaw(junk);
            } catch (IOException e) {
                // closed by the node before it had read all of it: as it should
            }
            assertThat(client.closedByPeerWithin(Duration.ofSeconds(15))).as("node closed " + connection).isTrue();
        }
        await("refusal of " + connection + " counted").atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> refused(node) > refusedBefore);
        double heartbeats = heartbeatsReceived(node);

        List<String> refusals = node.logOfThisRun().lines().filter(l -> l.contains("refused") && l.contains(connection))
                .toList();
        assertThat(refusals.size()).as("log lines of %s refusing %s, the first ones: %s", node.name(), connection,
                refusals.subList(0, Math.min(3, refusals.size()))).isLessThanOrEqualTo(1);
        await(node.name() + " keeps receiving heartbeats").atMost(Patience.SETTLE)
                .until(() -> heartbeatsReceived(node) >= heartbeats + 5);
        watch.assertHeld();
    }

    @Order(2)
    @Test
    void fiftyClientsPipeliningProbesWithoutReadingCannotStopTheProbesOrTheShutdown() throws Exception {
        long residentBefore = master.residentKib();
        List<Socket> floods = new ArrayList<>();
        String attacker = fixtures.nextAddress();
        AtomicLong pipelined = new AtomicLong();
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));
        ExecutorService writers = Executors.newFixedThreadPool(FLOOD_CONNECTIONS);
        try {
            for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
                Socket socket = new Socket();
                // Not the poller's address: the balancer's probes come from their own source, which the
                // health port's per-address connection limit must keep serving while an attacker is capped.
                socket.bind(new InetSocketAddress(attacker, 0));
                socket.connect(new InetSocketAddress(master.address(), master.options().healthPort()), 5_000);
                floods.add(socket);
                writers.submit(() -> pipeline(socket, pipelined));
            }
            writers.shutdown();
            writers.awaitTermination(FLOOD_WRITING.toMillis(), TimeUnit.MILLISECONDS);
            // The answers stay unread while the real probes go on: the node must not wait for these readers.
            await(master.name() + " answers 200 while " + FLOOD_CONNECTIONS + " connections hold unread answers")
                    .during(Patience.HOLD).atMost(Patience.SETTLE).until(() -> master.healthCode() == 200);
        } finally {
            floods.forEach(ConnectionFloodTest::closeQuietly);
            writers.shutdownNow();
        }
        System.out.printf("[hostile] %s: %d bytes of pipelined probes taken; resident memory %d MiB before, %d MiB after%n",
                master.name(), pipelined.get(), residentBefore / 1024, master.residentKib() / 1024);

        watch.assertHeld();
        assertThat(master.status().path("activity").asText()).isEqualTo("active");
        List<HealthPoller.Sample> samples;
        int exitCode;
        try (HealthPoller poller = HealthPoller.start(master, pair.slave())) {
            master.sigterm();
            exitCode = master.awaitExit(Patience.EXIT);
            samples = poller.stop();
        }
        assertThat(exitCode).as("exit code of %s after SIGTERM", master.name()).isZero();
        assertThat(withoutActiveNode(samples)).as("handover on SIGTERM: " + describe(withoutActiveNode(samples), samples))
                .isEmpty();
    }

    /** Writes pipelined probes until the budget is spent, or the node closes or stops reading (the write then blocks). */
    private static void pipeline(Socket socket, AtomicLong pipelined) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int sent = 0; sent < FLOOD_BYTES_PER_CONNECTION; sent += PROBES.length) {
                out.write(PROBES);
                pipelined.addAndGet(PROBES.length);
            }
        } catch (IOException e) {
            // closed by the node, or cut loose by the test
        }
    }

    private static long refused(HaNodeProcess node) {
        return node.status().path("peerLink").path("refused").asLong();
    }

    private static double heartbeatsReceived(HaNodeProcess node) {
        return PrometheusText.sum(node.api("GET", "/metrics").body(), "hanode_heartbeats_received_total"::equals);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
