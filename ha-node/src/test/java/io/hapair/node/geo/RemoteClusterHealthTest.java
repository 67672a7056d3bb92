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

/** A unit answers for a remote one as long as that one is up (at its master or its slave) and lets it ask. */
class RemoteClusterHealthTest {

    private static final String ASKER = "127.0.8.21";
    private static final String REMOTE = "127.0.8.22";
    private static final String REMOTE_SLAVE = "127.0.8.23";

    @TempDir
    Path dir;

    private TestNodes nodes;

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void aRemoteClusterIsAnsweredOnlyWhileItsApiSaysUpToAnAllowedAsker() throws Exception {
        nodes = new TestNodes(dir);
        Map<ConfigKey, String> flags = TestNodes.ports(ASKER);
        flags.put(ConfigKey.GEO_POLL_INTERVAL, "300ms");
        flags.put(ConfigKey.GEO_POLL_TIMEOUT, "250ms");
        TestNodes.Node asker = nodes.start("asker", "none", ASKER, null, flags);
        TestNodes.Node remote = nodes.start("remote", "none", REMOTE, null, flags);
        asker.post("geo-clusters", new JsonObject().put("name", "site-b").put("address", REMOTE).put("type", "remote"));
        asker.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "site-b"))));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(asker.dig("www.example.com"))
                .as("refused: the asker is not in the remote's access list").isEmpty());

        remote.post("geo-remote-access", new JsonObject().put("address", ASKER));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(asker.dig("www.example.com"))
                .isEqualTo(REMOTE));

        remote.kill();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(asker.dig("www.example.com"))
                .as("the remote stopped answering").isEmpty());
    }

    @Test
    void aRemotePairStaysUpAtItsSlaveAfterItsMasterDies() throws Exception {
        nodes = new TestNodes(dir);
        Map<ConfigKey, String> flags = TestNodes.ports(ASKER);
        flags.put(ConfigKey.GEO_POLL_INTERVAL, "300ms");
        flags.put(ConfigKey.GEO_POLL_TIMEOUT, "250ms");
        TestNodes.Node asker = nodes.start("asker", "none", ASKER, null, flags);
        TestNodes.Node master = nodes.start("master", "master", REMOTE, REMOTE_SLAVE, flags);
        TestNodes.Node slave = nodes.start("slave", "slave", REMOTE_SLAVE, REMOTE, flags);
        master.post("geo-remote-access", new JsonObject().put("address", ASKER));
        await().atMost(Duration.ofSeconds(15)).until(() -> slave.has("geo-remote-access", ASKER));
        asker.post("geo-clusters", new JsonObject().put("name", "pair-b").put("address", REMOTE).put("type", "remote"));
        asker.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "pair-b"))));
        await().atMost(Duration.ofSeconds(15)).during(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(asker.dig("www.example.com")).isEqualTo(REMOTE));

        master.kill();

        // Held for several polls: each poll asks the dead master first, then the slave it named.
        await().atMost(Duration.ofSeconds(15)).during(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(asker.dig("www.example.com")).as("the pair, served by its slave")
                        .isEqualTo(REMOTE_SLAVE));
    }
}
