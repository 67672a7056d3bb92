package io.hapair.node.demo;

import static io.hapair.node.demo.RawHttpConnection.CLOSED;
import static io.hapair.node.demo.RawHttpConnection.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.demo.IlbSettings.Backend;
import io.hapair.node.demo.IlbSettings.Endpoint;
import io.hapair.node.demo.IlbSettings.LoadBalancingRule;
import io.hapair.node.demo.IlbSettings.NatRule;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator end to end on loopback: real probes, real sockets, fake HTTP backends. */
class IlbSimulatorTest {

    // Addresses of their own, so runs of the demo or of other tests on 127.0.0.1/2/10 never collide.
    private static final String HOST_A = "127.0.5.1";
    private static final String HOST_B = "127.0.5.2";
    private static final String FRONTEND_HOST = "127.0.5.10";
    private static final String PROBE_SOURCE = "127.0.5.16";

    /**
     * Fast probes keep the test short; the timeout is generous for loopback so a busy 2-core
     * machine does not time a healthy probe out and add a transition the assertions don't expect.
     */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(300);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

    private Vertx vertx;
    private FakeBackend nodeA;
    private FakeBackend nodeB;
    private Endpoint loadBalanced;
    private Endpoint natToA;
    private Endpoint natToB;
    private IlbSimulator ilb;
    private final List<String> announced = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBackendsAndSimulator() throws Exception {
        vertx = Vertx.vertx();
        startBackendsOnOnePort();
        loadBalanced = new Endpoint(FRONTEND_HOST, TestPorts.free(FRONTEND_HOST));
        natToA = new Endpoint(FRONTEND_HOST, TestPorts.free(FRONTEND_HOST));
        natToB = new Endpoint(FRONTEND_HOST, TestPorts.free(FRONTEND_HOST));
        ilb = new IlbSimulator(vertx, settings());
        ilb.onChange(transition -> announced.add(transition.backend() + (transition.up() ? " up" : " down")));
    }

    @AfterEach
    void stopEverything() throws Exception {
        ilb.stop().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void probesComeFromTheConfiguredProbeSourceAsAzuresComeFromItsOwn() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.probesSeen() >= 2 && nodeB.probesSeen() >= 2);

        assertThat(nodeA.probeSources()).containsExactly(PROBE_SOURCE);
        assertThat(nodeB.probeSources()).containsExactly(PROBE_SOURCE);
    }

    @Test
    void forwardsNewFlowsToTheBackendAnswering200() throws Exception {
        nodeB.answerProbesWith(503);
        start();

        await().untilAsserted(() -> assertThat(whoAnswers(loadBalanced)).isEqualTo("node-a"));
        assertThat(ilb.upBackends()).containsExactly("node-a");
        for (int i = 0; i < 10; i++) {
            assertThat(whoAnswers(loadBalanced)).as("new flow %d", i).isEqualTo("node-a");
        }
    }

    @Test
    void switchesWhenTheBackendsSwapAndTellsTheListener() throws Exception {
        nodeB.answerProbesWith(503);
        start();
        await().untilAsserted(() -> assertThat(whoAnswers(loadBalanced)).isEqualTo("node-a"));

        nodeA.answerProbesWith(503);
        nodeB.answerProbesWith(200);

        await().untilAsserted(() -> assertThat(whoAnswers(loadBalanced)).isEqualTo("node-b"));
        assertThat(ilb.upBackends()).containsExactly("node-b");
        assertThat(announced).containsExactly("node-a up", "node-a down", "node-b up");
        assertThat(ilb.transitions()).extracting(BackendTransition::describe).containsExactly(
                "node-a up (2 consecutive 200s)", "node-a down (answered 503)", "node-b up (2 consecutive 200s)");
        assertThat(ilb.transitions()).extracting(BackendTransition::at).isSorted();
    }

    @Test
    void spreadsNewFlowsAcrossBothUpBackends() throws Exception {
        start();
        await().until(() -> ilb.upBackends().size() == 2);

        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            reached.add(whoAnswers(loadBalanced));
        }

        // Each flow has a fresh ephemeral source port; 40 flows on one backend would take a 2^-39 fluke.
        assertThat(reached).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void refusesNewFlowsWhileNoBackendHasBeenHealthy() throws Exception {
        nodeA.answerProbesWith(503);
        nodeB.answerProbesWith(503);
        start();

        await().until(() -> nodeA.probesSeen() >= 3 && nodeB.probesSeen() >= 3);

        assertThat(ilb.upBackends()).isEmpty();
        assertThat(whoAnswers(loadBalanced)).isEqualTo(CLOSED);
        assertThat(announced).isEmpty();
    }

    @Test
    void refusesNewFlowsOnceBothBackendsAnswer503() throws Exception {
        start();
        await().until(() -> ilb.upBackends().size() == 2);

        nodeA.answerProbesWith(503);
        nodeB.answerProbesWith(503);

        await().until(() -> ilb.upBackends().isEmpty());
        assertThat(whoAnswers(loadBalanced)).isEqualTo(CLOSED);
    }

    @Test
    void natRulesReachTheirOwnBackendWhateverTheProbesSay() throws Exception {
        nodeA.answerProbesWith(503);
        nodeB.answerProbesWith(503);
        start();

        assertThat(whoAnswers(natToA)).isEqualTo("node-a");
        assertThat(whoAnswers(natToB)).isEqualTo("node-b");

        nodeB.answerProbesWith(200);
        await().until(() -> ilb.isUp("node-b"));
        assertThat(whoAnswers(natToA)).as("NAT ignores that only node-b is up").isEqualTo("node-a");
    }

    @Test
    void establishedFlowKeepsItsBackendWhenThatBackendGoesDown() throws Exception {
        nodeB.answerProbesWith(503);
        start();
        await().until(() -> ilb.isUp("node-a"));

        try (RawHttpConnection established = RawHttpConnection.open(loadBalanced)) {
            assertThat(established.get("/name")).isEqualTo("node-a");

            nodeA.answerProbesWith(503);
            await().until(() -> !ilb.isUp("node-a"));

            assertThat(whoAnswers(loadBalanced)).as("new flow").isEqualTo(CLOSED);
            assertThat(established.get("/name")).as("established flow").isEqualTo("node-a");
        }
    }

    @Test
    void timeoutAndRefusedProbesTakeABackendDown() throws Exception {
        nodeB.answerProbesWith(503);
        start();
        await().until(() -> ilb.isUp("node-a"));

        nodeA.stallProbes();
        await().until(() -> !ilb.isUp("node-a"));
        nodeA.answerProbesWith(200);
        await().until(() -> ilb.isUp("node-a"));
        nodeA.shutDown();
        await().until(() -> !ilb.isUp("node-a"));

        assertThat(ilb.transitions()).extracting(BackendTransition::describe).containsExactly(
                "node-a up (2 consecutive 200s)", "node-a down (timed out)",
                "node-a up (2 consecutive 200s)", "node-a down (connection refused)");
    }

    @Test
    void failsToStartNamingTheFrontendItCannotBindAndReleasesTheOthers() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(FRONTEND_HOST, loadBalanced.port()));

            assertThatThrownBy(this::start)
                    .hasMessageContaining("cannot listen on " + loadBalanced)
                    .hasMessageContaining("rule lb");
        }
        awaitReleased(natToA);
        awaitReleased(natToB);
    }

    @Test
    void stopClosesFrontendsAndForwardedConnections() throws Exception {
        start();
        RawHttpConnection open = RawHttpConnection.open(natToA);
        assertThat(open.get("/name")).isEqualTo("node-a");

        ilb.stop().await(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> open.get("/name")).isInstanceOf(IOException.class);
        // Not "refused": the kernel may still complete a handshake for a moment after the close
        // (JDK-8198562), but nothing is forwarded any more.
        assertThat(whoAnswers(natToA)).isEqualTo(CLOSED);
        awaitReleased(natToA);
        open.close();
    }

    private void start() throws Exception {
        ilb.start().await(5, TimeUnit.SECONDS);
    }

    private IlbSettings settings() {
        int port = nodeA.port();
        return new IlbSettings(
                List.of(new Backend("node-a", HOST_A, port, "/"), new Backend("node-b", HOST_B, port, "/")),
                PROBE_INTERVAL, PROBE_TIMEOUT, 2,
                List.of(new LoadBalancingRule("lb", loadBalanced, port)),
                List.of(new NatRule("nat-a", natToA, new Endpoint(HOST_A, port)),
                        new NatRule("nat-b", natToB, new Endpoint(HOST_B, port))),
                PROBE_SOURCE);
    }

    /** Both fake nodes listen on the same port, as an Azure LB rule has one backend port for all. */
    private void startBackendsOnOnePort() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            FakeBackend a = FakeBackend.listen(vertx, "node-a", HOST_A, 0);
            try {
                nodeB = FakeBackend.listen(vertx, "node-b", HOST_B, a.port());
                nodeA = a;
                return;
            } catch (Exception portTakenOnB) {
                a.shutDown();
            }
        }
        throw new IllegalStateException("no port free on both " + HOST_A + " and " + HOST_B + " after 20 tries");
    }

    /** Awaited: the JDK releases a closed listening socket only on its selector's next pass. */
    private static void awaitReleased(Endpoint frontend) {
        await().ignoreExceptions().untilAsserted(() -> {
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(new InetSocketAddress(frontend.host(), frontend.port()));
            }
        });
    }

}
