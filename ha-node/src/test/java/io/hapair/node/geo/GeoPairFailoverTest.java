package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.runtime.NodeVerticle;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real pair in this JVM (two Vert.x instances, real peer link and sync), asked by dig. */
class GeoPairFailoverTest {

    private static final String MASTER = "127.0.8.11";
    private static final String SLAVE = "127.0.8.12";
    private static final String PASSWORD = "geo-pair-password";

    @TempDir
    Path dir;

    private final Vertx masterVertx = Vertx.vertx();
    private final Vertx slaveVertx = Vertx.vertx();
    private SettingsStore masterStore;
    private SettingsStore slaveStore;

    @AfterEach
    void stop() throws Exception {
        masterVertx.close().await(10, TimeUnit.SECONDS);
        slaveVertx.close().await(10, TimeUnit.SECONDS);
        masterStore.close();
        slaveStore.close();
    }

    @Test
    void thePairIsAnsweredAtTheActiveNodeAndAtTheSlaveAfterTheMasterDies() throws Exception {
        int peerPort = TestPorts.free(MASTER);
        int dnsPort = TestPorts.free(MASTER);
        NodeConfig master = config("master", MASTER, SLAVE, peerPort, dnsPort);
        NodeConfig slave = config("slave", SLAVE, MASTER, peerPort, dnsPort);
        masterStore = SettingsStore.open(dir.resolve("master"));
        slaveStore = SettingsStore.open(dir.resolve("slave"));
        masterVertx.deployVerticle(node(master, masterStore)).await(30, TimeUnit.SECONDS);
        slaveVertx.deployVerticle(node(slave, slaveStore)).await(30, TimeUnit.SECONDS);

        post(master, "geo-clusters", new JsonObject().put("name", "pair-a").put("address", MASTER).put("type", "local"));
        post(master, "geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "pair-a"))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(dig(MASTER, dnsPort)).isEqualTo(MASTER);
            assertThat(dig(SLAVE, dnsPort)).as("the standby slave names its active master").isEqualTo(MASTER);
        });

        masterVertx.close().await(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(dig(SLAVE, dnsPort)).as("after the failover the pair is the slave").isEqualTo(SLAVE));
    }

    private NodeConfig config(String name, String self, String partner, int peerPort, int dnsPort) throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        Files.createDirectories(dir.resolve(name));
        flags.put(ConfigKey.NODE_NAME, name);
        flags.put(ConfigKey.HA_MODE, name);
        flags.put(ConfigKey.PARTNER, partner);
        flags.put(ConfigKey.PRIMARY_ADDRESS, self);
        flags.put(ConfigKey.PEER_PORT, Integer.toString(peerPort));
        flags.put(ConfigKey.HEALTH_CHECK_PORT, Integer.toString(TestPorts.free(self)));
        flags.put(ConfigKey.API_PORT, Integer.toString(TestPorts.free(self)));
        flags.put(ConfigKey.DNS_PORT, Integer.toString(dnsPort));
        flags.put(ConfigKey.DATA_DIR, dir.resolve(name).toString());
        flags.put(ConfigKey.PAIRING_SECRET, "geo-pair-secret-0123456789");
        flags.put(ConfigKey.ADMIN_PASSWORD, PASSWORD);
        return ConfigLoader.load(null, Map.of(), flags, "h");
    }

    private static NodeVerticle node(NodeConfig config, SettingsStore store) throws Exception {
        NodeCertificate cert = NodeCertificate.ensure(null, null, config.dataDir(), config.nodeName(),
                List.of(config.primaryAddress()));
        return new NodeVerticle(config, cert, store, "9.9.9");
    }

    private void post(NodeConfig node, String type, JsonObject document) throws Exception {
        WebClient client = WebClient.create(masterVertx,
                new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        int status = client.post(node.apiPort(), node.primaryAddress(), "/api/v1/" + type)
                .basicAuthentication("bal", PASSWORD).sendJsonObject(document)
                .await(10, TimeUnit.SECONDS).statusCode();
        assertThat(status).as("POST " + type).isBetween(200, 299);
    }

    private static String dig(String server, int port) throws IOException, InterruptedException {
        Process dig = new ProcessBuilder("dig", "@" + server, "-p", Integer.toString(port), "www.example.com", "A",
                "+short", "+tries=1", "+time=2").redirectErrorStream(true).start();
        String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        dig.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
