package io.hapair.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void aNodeNoBalancerHasProbedReadsNoneRatherThanNull() {
        JsonObject status = new JsonObject().put("node", "solo").put("display", "Standalone").put("activity", "active")
                .put("healthy", true).put("softwareVersion", "1.0").put("probesSeen", 0)
                .put("lastProbe", new JsonObject().putNull("at").putNull("source"))
                .put("configErrors", new JsonArray()).put("warnings", new JsonArray());

        assertThat(StatusCommand.render(status)).contains("probes seen 0, last from -").doesNotContain("null");
    }

    @Test
    void balancerFindingsArePrintedWithTheirFix() {
        JsonObject status = new JsonObject().put("node", "node-1").put("display", "Master (active)")
                .put("activity", "active").put("healthy", true).put("softwareVersion", "1.0").put("probesSeen", 3)
                .put("lastProbe", new JsonObject().put("source", "168.63.129.16"))
                .put("balancer", new JsonObject().put("enabled", true).put("outcome", "findings").putNull("message")
                        .put("findings", new JsonArray().add(new JsonObject().put("severity", "problem")
                                .put("subject", "probe hapair-probe").put("problem", "probes port 9999, not 8444")
                                .put("fix", "hanode cloud apply"))))
                .put("configErrors", new JsonArray()).put("warnings", new JsonArray());

        assertThat(StatusCommand.render(status)).contains("balancer check: findings\n")
                .contains("problem probe hapair-probe: probes port 9999, not 8444; fix: hanode cloud apply");
    }

    @Test
    void theHealthLevelIsPrintedWithEachInputThatIsNotNormal() {
        JsonObject status = new JsonObject().put("node", "node-1").put("display", "Master (Active)")
                .put("activity", "active").put("healthy", true).put("softwareVersion", "1.0").put("probesSeen", 3)
                .put("lastProbe", new JsonObject().put("source", "168.63.129.16"))
                .put("health", new JsonObject().put("level", "warning").put("inputs", new JsonArray()
                        .add(new JsonObject().put("name", "disk").put("level", "warning")
                                .put("value", "12.0% free (3.0 GiB of 25.0 GiB)")
                                .put("why", "below health-disk-free-warning 20.0%"))
                        .add(new JsonObject().put("name", "memory").put("level", "normal").put("value", "50.0% available")
                                .put("why", "at least health-memory-available-warning 10.0%"))))
                .put("configErrors", new JsonArray()).put("warnings", new JsonArray());

        assertThat(StatusCommand.render(status)).contains("  health warning\n"
                        + "    warning disk: 12.0% free (3.0 GiB of 25.0 GiB); below health-disk-free-warning 20.0%\n")
                .doesNotContain("memory");
    }

    @Test
    void pairingShowsBothFingerprintsToCompareAndARefusedCertificateWithWhy() {
        String own = "AA:".repeat(31) + "AA";
        String pinned = "BB:".repeat(31) + "BB";
        JsonObject status = new JsonObject().put("node", "node-1").put("display", "Master (active)")
                .put("activity", "active").put("healthy", true).put("softwareVersion", "1.0").put("probesSeen", 3)
                .put("lastProbe", new JsonObject().put("source", "168.63.129.16"))
                .put("pairing", new JsonObject().put("ownFingerprint", own).put("trust", "pinned").put("pinned", pinned)
                        .put("source", "first-contact").put("warning", "check that " + pinned + " is the partner's")
                        .put("refusedFingerprint", "CC").put("refusal", "partner presented certificate CC, not the pinned"))
                .put("configErrors", new JsonArray()).put("warnings", new JsonArray());

        assertThat(StatusCommand.render(status)).contains("  certificate " + own + "\n")
                .contains("  partner certificate " + pinned + " (first-contact)\n")
                .contains("  warning: check that " + pinned)
                .contains("  REFUSED partner certificate: partner presented certificate CC, not the pinned\n");
    }

    @Test
    void aFailedBalancerCheckSaysWhy() {
        JsonObject status = new JsonObject().put("node", "node-1").put("display", "Master (active)")
                .put("activity", "active").put("healthy", true).put("softwareVersion", "1.0").put("probesSeen", 3)
                .put("lastProbe", new JsonObject().put("source", "168.63.129.16"))
                .put("balancer", new JsonObject().put("enabled", true).put("outcome", "failed")
                        .put("message", "no permission to read the load balancer").put("findings", new JsonArray()))
                .put("configErrors", new JsonArray()).put("warnings", new JsonArray());

        assertThat(StatusCommand.render(status))
                .contains("balancer check: failed (no permission to read the load balancer)");
    }
}
