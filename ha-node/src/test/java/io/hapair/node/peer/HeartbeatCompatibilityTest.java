package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.PreferredServer;
import org.junit.jupiter.api.Test;

/** Heartbeats across a rolling upgrade: the release before maintenance and the self-check, and the one after. */
class HeartbeatCompatibilityTest {

    private static Heartbeat heartbeat(boolean maintenance, int lostTargets) {
        return new Heartbeat(new PartnerReport("a", HaMode.MASTER, PreferredServer.PREFER_MASTER, Activity.ACTIVE, true,
                1, 0, false, false, false, "1.0", 8444, maintenance, lostTargets), 7, 100, -1, 0);
    }

    @Test
    void aNodeNeitherInMaintenanceNorMissingTargetsSendsTheFieldsThePreviousReleaseKnowsOnly() throws Exception {
        JsonNode report = PeerJson.MAPPER.readTree(PeerJson.MAPPER.writeValueAsString(heartbeat(false, 0))).get("report");

        assertThat(report.has("maintenance")).isFalse();
        assertThat(report.has("lostTargets")).isFalse();
        assertThat(report.get("nodeName").asText()).isEqualTo("a");
        assertThat(report.has("yielded")).as("older fields stay, default or not").isTrue();
    }

    @Test
    void maintenanceAndLostTargetsTravelWhenSet() throws Exception {
        String json = PeerJson.MAPPER.writeValueAsString(heartbeat(true, 2));

        Heartbeat read = PeerJson.HEARTBEAT.readValue(json);

        assertThat(read.report().maintenance()).isTrue();
        assertThat(read.report().lostTargets()).isEqualTo(2);
    }

    @Test
    void aHeartbeatOfThePreviousReleaseReadsAsNoMaintenanceAndNoLostTargets() throws Exception {
        Heartbeat read = PeerJson.HEARTBEAT.readValue(PeerJson.MAPPER.writeValueAsString(heartbeat(false, 0)));

        assertThat(read).isEqualTo(heartbeat(false, 0));
    }

    @Test
    void aHeartbeatOfALaterReleaseWithAFieldThisOneDoesNotKnowIsStillRead() throws Exception {
        ObjectNode later = (ObjectNode) PeerJson.MAPPER.readTree(PeerJson.MAPPER.writeValueAsString(heartbeat(true, 1)));
        ((ObjectNode) later.get("report")).put("healthLevel", "warning");

        Heartbeat read = PeerJson.HEARTBEAT.readValue(later.toString());

        assertThat(read.report().maintenance()).isTrue();
    }
}
