package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.TcpRelay;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each node reaches its partner's peer port through a relay the test cuts and heals: edits made on
 * both sides of the partition converge to one value on both nodes, with the loser kept as a conflict.
 */
class SyncPartitionTest {

    private static final int RELAY_PORT = 16973;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(31);

    @Test
    void concurrentEditsConvergeOnBothNodesWithTheLoserListedUntilAccepted() {
        NodeOptions masterOptions = fixtures.masterOptions("prefer-master", "--partner-peer-port", "" + RELAY_PORT);
        NodeOptions slaveOptions = fixtures.slaveOptions("prefer-master", "--partner-peer-port", "" + RELAY_PORT);
        List<TcpRelay> relays = List.of(relayTo(masterOptions), relayTo(slaveOptions));
        NodePair pair = fixtures.pairOf("prefer-master", masterOptions, slaveOptions);
        SettingsApi master = SettingsApi.of(pair.master());
        SettingsApi slave = SettingsApi.of(pair.slave());
        assertThat(master.create(VS, SettingsApi.virtualService("web", 80)).code()).isEqualTo(201);
        await("web on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.document(VS, "web").isPresent());

        relays.forEach(TcpRelay::cut);
        pair.awaitPartnerDeadAt(pair.master());
        pair.awaitPartnerDeadAt(pair.slave());
        // Unconnected nodes (no balancer probes here) take every write, so both edits are accepted. Each names a real
        // server of its own, on loopback where nothing listens: the versions differ, and HAProxy's checks stay here.
        String masterEdit = fixtures.nextAddress();
        String slaveEdit = fixtures.nextAddress();
        assertThat(master.replace(VS, "web", SettingsApi.virtualService("web", 80, masterEdit), null).code()).isEqualTo(200);
        assertThat(slave.replace(VS, "web", SettingsApi.virtualService("web", 80, slaveEdit), null).code()).isEqualTo(200);
        relays.forEach(TcpRelay::heal);

        await("both nodes list the conflict").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.conflicts().size() == 1 && slave.conflicts().size() == 1);
        await("both nodes hold the same version").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> Objects.equals(realServer(master), realServer(slave)));
        JsonNode conflict = master.conflicts().get(0);
        assertThat(conflict.path("type").asText()).isEqualTo(VS);
        assertThat(conflict.path("id").asText()).isEqualTo("web");
        String kept = conflict.path("kept").path("document").path("realServers").get(0).path("address").asText();
        String lost = conflict.path("lost").path("document").path("realServers").get(0).path("address").asText();
        assertThat(List.of(kept, lost)).containsExactlyInAnyOrder(masterEdit, slaveEdit);
        assertThat(realServer(master)).isEqualTo(kept);
        assertThat(slave.conflicts().get(0).path("lost").path("document")).isEqualTo(conflict.path("lost").path("document"));

        assertThat(master.accept(VS, "web", "lost").code()).isEqualTo(200);

        await("the conflict closes on both, with the lost version everywhere").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.conflicts().isEmpty() && slave.conflicts().isEmpty()
                        && lost.equals(realServer(master)) && lost.equals(realServer(slave)));
    }

    private static TcpRelay relayTo(NodeOptions node) {
        return fixtures.track(TcpRelay.start(node.address(), RELAY_PORT, node.address(), node.peerPort()));
    }

    private static String realServer(SettingsApi node) {
        return node.document(VS, "web").map(d -> d.path("realServers").get(0).path("address").asText()).orElse(null);
    }
}
