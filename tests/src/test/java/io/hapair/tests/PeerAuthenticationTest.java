package io.hapair.tests;

import static io.hapair.tests.fixture.HealthPoller.violating;
import static io.hapair.tests.fixture.HealthPoller.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hapair.node.peer.Envelope;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RawPeerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only the configured partner proving the pairing secret is heard on the peer port: imposters and
 * garbage are refused, counted and logged, and never move the roles.
 */
class PeerAuthenticationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(4);
    static NodePair pair;
    static String stranger;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
        stranger = fixtures.nextAddress();
    }

    @BeforeEach
    void masterActive() {
        pair.reset(pair.master());
    }

    @Test
    void imposterNodesWithTheWrongSecretCannotMoveTheRoles() {
        long masterRefusedBefore = refused(pair.master());
        long slaveRefusedBefore = refused(pair.slave());
        List<HealthPoller.Sample> samples;
        List<HaNodeProcess> imposters;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            // Real nodes with the wrong secret, on each real node's own address (other ports), so
            // their connections come from the partner address and only the secret gives them away.
            imposters = fixtures.nodes(imposterOf(pair.slave(), pair.master()), imposterOf(pair.master(), pair.slave()));
            await("both real nodes refused the imposters").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> refused(pair.master()) >= masterRefusedBefore + 2
                            && refused(pair.slave()) >= slaveRefusedBefore + 2);
            await("roles unchanged while the imposters keep trying").during(Patience.HOLD).atMost(Patience.SETTLE)
                    .until(() -> pair.settledWith(pair.master()));
            samples = poller.stop();
        }
        List<HealthPoller.Sample> moved = violating(samples, s -> s.code(0) == 200 && s.code(1) == 503);
        assertThat(moved).as(describe(moved, samples)).isEmpty();
        for (HaNodeProcess real : pair.nodes()) {
            assertThat(real.status().path("peerLink").path("lastRefusal").asText()).contains("wrong pairing secret");
            assertThat(real.logOfThisRun()).contains("peer: refused");
        }
        for (HaNodeProcess imposter : imposters) {
            assertThat(imposter.logOfThisRun()).doesNotContain("(authenticated)");
            assertThat(imposter.status().path("partner").path("liveness").asText()).isEqualTo("unknown");
        }
    }

    /** What a connection to the peer port does before the node should close it. */
    interface Attack {
        void run(RawPeerClient client) throws IOException;
    }

    static Stream<Arguments> attacks() {
        Attack oversizedLength = c -> c.writeLength(Integer.MAX_VALUE);
        Attack garbageFrame = c -> c.writeFrame("\u0000\u0001 this is not JSON \u00ff".getBytes(StandardCharsets.UTF_8));
        Attack futureProtocol = c -> c.writeEnvelope(Envelope.PROTOCOL_VERSION + 1, "hello",
                JsonNodeFactory.instance.objectNode().put("nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        Attack wrongSecret = c -> assertThat(c.handshake(NodeOptions.WRONG_SECRET).type()).isEqualTo("refused");
        Attack authBeforeHello = c -> c.writeEnvelope(Envelope.PROTOCOL_VERSION, "auth",
                JsonNodeFactory.instance.objectNode().put("proof", "AAAA"));
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String target : List.of("master", "slave")) {
            cases.add(Arguments.of(target, "oversized length prefix", oversizedLength, "frame length"));
            cases.add(Arguments.of(target, "garbage frame", garbageFrame, "peer connection from"));
            cases.add(Arguments.of(target, "unsupported protocol version", futureProtocol, "protocol version"));
            cases.add(Arguments.of(target, "handshake with the wrong secret", wrongSecret, "wrong pairing secret"));
            cases.add(Arguments.of(target, "auth before hello", authBeforeHello, "auth before hello"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{1} to the {0}")
    @MethodSource("attacks")
    void tlsConnectionFromThePartnerAddressIsRefusedAndCounted(String target, String name, Attack attack,
                                                               String expectedReason) throws IOException {
        HaNodeProcess node = pair.byMode(target);

        String refusal = refusedOnce(pair.other(node).address(), node, true, attack, Duration.ofSeconds(15));

        assertThat(refusal).contains(expectedReason);
    }

    @Test
    void tlsConnectionFromAnyOtherAddressIsRefusedAtOnce() throws IOException {
        String refusal = refusedOnce(stranger, pair.slave(), true, c -> { }, Duration.ofSeconds(15));

        assertThat(refusal).contains(stranger).contains("not the configured partner");
        assertThat(pair.slave().logOfThisRun()).contains("peer: refused peer connection from " + stranger);
    }

    @Test
    void silentConnectionIsClosedAfterTheHandshakeTimeout() throws IOException {
        String refusal = refusedOnce(pair.master().address(), pair.slave(), true, c -> { }, Duration.ofSeconds(30));

        assertThat(refusal).contains("did not authenticate");
    }

    @Test
    void plainBytesWithoutTlsAreRefusedCountedAndTheNodeKeepsWorking() throws IOException {
        // "Anything else is refused, logged and counted": a connection that does not even speak TLS included.
        refusedOnce(pair.master().address(), pair.slave(), false, c -> c.writeRaw(
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0000\u0000\u0010garbage".getBytes(StandardCharsets.ISO_8859_1)),
                Duration.ofSeconds(15));

        assertThat(pair.slave().logOfThisRun()).contains("peer: refused");
    }

    /**
     * Connects from {@code from} to {@code node}'s peer port (with TLS or without), runs {@code attack},
     * and expects the node to close the connection, count exactly one refusal and keep its role.
     * Returns the node's description of that refusal.
     */
    private static String refusedOnce(String from, HaNodeProcess node, boolean tls, Attack attack, Duration closeWithin)
            throws IOException {
        long before = refused(node);
        int port = node.options().peerPort();
        try (RawPeerClient client = tls ? RawPeerClient.tls(from, node.address(), port)
                : RawPeerClient.plain(from, node.address(), port)) {
            attack.run(client);
            assertThat(client.closedByPeerWithin(closeWithin)).as("node closed the connection").isTrue();
        }
        assertThat(pair.settledWith(pair.master())).as("pair still settled with the master active").isTrue();
        await("refusal counted by " + node.name()).atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> refused(node) == before + 1);
        return node.status().path("peerLink").path("lastRefusal").asText();
    }

    private static NodeOptions imposterOf(HaNodeProcess real, HaNodeProcess partner) {
        return NodeOptions.of("imposter-" + real.name(), real.options().mode(), "prefer-master", real.address(),
                partner.address()).with("--pairing-secret", NodeOptions.WRONG_SECRET, "--peer-port", "16973",
                "--partner-peer-port", Integer.toString(partner.options().peerPort()), "--health-check-port", "18444",
                "--api-port", "18443", "--dns-port", "18453");
    }

    private static long refused(HaNodeProcess node) {
        return node.status().path("peerLink").path("refused").asLong();
    }
}
