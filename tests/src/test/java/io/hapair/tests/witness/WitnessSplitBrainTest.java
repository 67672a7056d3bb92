package io.hapair.tests.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.TcpRelay;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real nodes with a real etcd as their witness. Each node reaches its partner's peer port through
 * a relay the test cuts: a partition of the peer link with both nodes alive, which two nodes alone
 * cannot tell from a dead partner.
 */
class WitnessSplitBrainTest {

    private static final int RELAY_PORT = 16973;
    // Short, so that the tests do not wait long for a lease to run out, but renewals (every third of it) may be
    // slow on a busy host without costing the lease.
    private static final String TTL = "4s";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(131);

    private static EtcdProcess etcd;
    private List<TcpRelay> relays;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = fixtures.track(EtcdProcess.start(fixtures.nextAddress(), fixtures.workDir()));
    }

    @AfterEach
    void thaw() throws Exception {
        etcd.thaw();
    }

    /** A pair with the etcd witness, settled with the master active, each node's peer link through a relay. */
    private NodePair witnessedPair() {
        String[] flags = {"--partner-peer-port", Integer.toString(RELAY_PORT), "--witness", "etcd",
            "--witness-endpoints", etcd.clientUrl().toString(), "--witness-lease-ttl", TTL};
        NodeOptions master = fixtures.masterOptions("prefer-master", flags);
        NodeOptions slave = fixtures.slaveOptions("prefer-master", flags);
        relays = List.of(relayTo(master), relayTo(slave));
        NodePair pair = fixtures.pairOf("prefer-master", master, slave);
        await("master holds the witness lease").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> witness(pair.master()).path("held").asBoolean());
        return pair;
    }

    private static TcpRelay relayTo(NodeOptions node) {
        return fixtures.track(TcpRelay.start(node.address(), RELAY_PORT, node.address(), node.peerPort()));
    }

    private static JsonNode witness(HaNodeProcess node) {
        return node.status().path("witness");
    }

    private static boolean logged(HaNodeProcess node, String message) {
        return StreamSupport.stream(node.status().path("events").spliterator(), false)
                .anyMatch(e -> e.path("message").asText().contains(message));
    }

    /** Watches both nodes for a while in which neither may change: each sample must show the same answers. */
    private static void holdsFor(Duration window, NodePair pair, int masterCode, int slaveCode) throws Exception {
        long end = System.currentTimeMillis() + window.toMillis();
        while (System.currentTimeMillis() < end) {
            assertThat(List.of(pair.master().healthCode(), pair.slave().healthCode()))
                    .as("health answers of master and slave").containsExactly(masterCode, slaveCode);
            Thread.sleep(200);
        }
    }

    @Test
    void peerLinkCutWithBothAliveLeavesOnlyTheLeaseHolderActive() throws Exception {
        NodePair pair = witnessedPair();
        assertThat(witness(pair.master()).path("token").asLong()).isPositive();
        assertThat(pair.master().api("GET", "/metrics").body()).contains("hanode_witness_held 1.0");

        relays.forEach(TcpRelay::cut);
        pair.awaitPartnerDeadAt(pair.master());
        pair.awaitPartnerDeadAt(pair.slave());
        await("the slave says why it does not take over").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> logged(pair.slave(), "does not hold the witness lease: not taking over"));

        // Longer than two lease TTLs: the master keeps renewing, the slave keeps being refused.
        holdsFor(Patience.HOLD.multipliedBy(2), pair, 200, 503);
        JsonNode slaveView = witness(pair.slave());
        assertThat(slaveView.path("held").asBoolean()).isFalse();
        assertThat(slaveView.path("reachable").asBoolean()).isTrue();
        assertThat(slaveView.path("detail").asText()).startsWith("held by master");

        relays.forEach(TcpRelay::heal);
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
    }

    @Test
    void peerLinkAndWitnessBothLostLeaveBothStandbyUntilTheWitnessReturns() throws Exception {
        NodePair pair = witnessedPair();

        etcd.freeze();
        relays.forEach(TcpRelay::cut);

        await("both nodes standby").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> pair.master().healthCode() == 503 && pair.slave().healthCode() == 503);
        assertThat(StreamSupport.stream(pair.master().status().path("events").spliterator(), false)
                .map(e -> e.path("reason").asText())).contains("witness-lost");
        assertThat(witness(pair.slave()).path("reachable").asBoolean()).isFalse();
        holdsFor(Patience.HOLD, pair, 503, 503);

        etcd.thaw();

        await("one node holds the lease and serves").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> pair.master().healthCode() == 200 || pair.slave().healthCode() == 200);
        HaNodeProcess active = pair.master().healthCode() == 200 ? pair.master() : pair.slave();
        assertThat(witness(active).path("held").asBoolean()).isTrue();
        assertThat(pair.other(active).healthCode()).isEqualTo(503);
        relays.forEach(TcpRelay::heal);
    }

    @Test
    void aKilledActiveNodeIsSucceededOnceItsLeaseRunsOutWithAHigherFencingToken() {
        NodePair pair = witnessedPair();
        long masterToken = witness(pair.master()).path("token").asLong();

        pair.master().kill9();

        await("slave active").atMost(Patience.SETTLE).ignoreExceptions().until(() -> pair.slave().healthCode() == 200);
        JsonNode slaveView = witness(pair.slave());
        assertThat(slaveView.path("held").asBoolean()).isTrue();
        assertThat(slaveView.path("token").asLong()).isGreaterThan(masterToken);
        assertThat(StreamSupport.stream(pair.slave().status().path("events").spliterator(), false)
                .map(e -> e.path("reason").asText())).contains("partner-dead");
    }
}
