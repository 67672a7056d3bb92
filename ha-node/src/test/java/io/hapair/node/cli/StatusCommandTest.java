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
}
