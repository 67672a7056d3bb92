package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.config.ConfigKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real pair in this JVM (real peer link and sync), asked by dig. */
class GeoPairFailoverTest {

    private static final String MASTER = "127.0.8.11";
    private static final String SLAVE = "127.0.8.12";

    @TempDir
    Path dir;

    private TestNodes nodes;

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void thePairIsAnsweredAtTheActiveNodeAndAtTheSlaveAfterTheMasterDies() throws Exception {
        nodes = new TestNodes(dir);
        Map<ConfigKey, String> ports = TestNodes.ports(MASTER);
        TestNodes.Node master = nodes.start("master", "master", MASTER, SLAVE, ports);
        TestNodes.Node slave = nodes.start("slave", "slave", SLAVE, MASTER, ports);

        master.post("geo-clusters", new JsonObject().put("name", "pair-a").put("address", MASTER).put("type", "local"));
        master.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "pair-a"))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(master.dig("www.example.com")).isEqualTo(MASTER);
            assertThat(slave.dig("www.example.com")).as("the standby slave names its active master").isEqualTo(MASTER);
        });

        master.kill();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(slave.dig("www.example.com"))
                .as("after the failover the pair is the slave").isEqualTo(SLAVE));
    }
}
