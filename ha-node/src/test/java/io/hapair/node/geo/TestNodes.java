package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real nodes in this JVM, one Vert.x each so that one can be killed alone, and dig to ask them. */
final class TestNodes implements AutoCloseable {

    static final String PASSWORD = "geo-test-password";

    private final Path dir;
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<SettingsStore> stores = new ArrayList<>();

    TestNodes(Path dir) {
        this.dir = dir;
    }

    /**
     * Free ports for every listener, equal on all nodes as in a real deployment (the pair's peer port,
     * the API port that GEO polling asks on); taken on {@code host}, the other loopback addresses alike.
     */
    static Map<ConfigKey, String> ports(String host) {
        Map<ConfigKey, String> ports = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : List.of(ConfigKey.PEER_PORT, ConfigKey.DNS_PORT, ConfigKey.HEALTH_CHECK_PORT,
                ConfigKey.API_PORT)) {
            ports.put(key, Integer.toString(TestPorts.free(host)));
        }
        return ports;
    }

    /** Starts a node; {@code flags} add to (or override) a working HA or standalone configuration. */
    Node start(String name, String mode, String self, String partner, Map<ConfigKey, String> flags) throws Exception {
        Files.createDirectories(dir.resolve(name));
        Map<ConfigKey, String> all = new EnumMap<>(ConfigKey.class);
        all.put(ConfigKey.NODE_NAME, name);
        all.put(ConfigKey.HA_MODE, mode);
        if (partner != null) {
            all.put(ConfigKey.PARTNER, partner);
            all.put(ConfigKey.PAIRING_SECRET, "geo-pair-secret-0123456789");
        }
        all.put(ConfigKey.PRIMARY_ADDRESS, self);
        all.put(ConfigKey.DATA_DIR, dir.resolve(name).toString());
        all.put(ConfigKey.ADMIN_PASSWORD, PASSWORD);
        // Not the host's chrony: NTP servers a test stores go to a file of its own, and no chronyd answers.
        all.put(ConfigKey.CHRONY_SOURCES_FILE, dir.toAbsolutePath().resolve(name).resolve("hanode.sources").toString());
        all.put(ConfigKey.CHRONY_SOCKET, dir.toAbsolutePath().resolve(name).resolve("no-chronyd.sock").toString());
        // Not the host's name and resolver either.
        all.put(ConfigKey.HOSTNAME_COMMAND, dir.toAbsolutePath().resolve(name).resolve("no-hostname-command").toString());
        all.put(ConfigKey.RESOLV_CONF, dir.toAbsolutePath().resolve(name).resolve("resolv.conf").toString());
        // Nor the test machine's network.
        all.put(ConfigKey.HOST_NETWORK, "store-only");
        all.putAll(flags);
        NodeConfig config = ConfigLoader.load(null, Map.of(), all, "h");
        SettingsStore store = SettingsStore.open(config.dataDir());
        stores.add(store);
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        NodeCertificate cert = NodeCertificate.ensure(null, null, config.dataDir(), name, List.of(self));
        vertx.deployVerticle(new NodeVerticle(config, cert, store, "9.9.9")).await(30, TimeUnit.SECONDS);
        return new Node(config, vertx);
    }

    record Node(NodeConfig config, Vertx vertx) {

        void post(String type, JsonObject document) throws Exception {
            int status = client().post(config.apiPort(), config.primaryAddress(), "/api/v1/" + type)
                    .basicAuthentication("bal", PASSWORD).sendJsonObject(document)
                    .await(10, TimeUnit.SECONDS).statusCode();
            assertThat(status).as("POST " + type).isBetween(200, 299);
        }

        /** A stored document as this node's API returns it, or null when it has none. */
        JsonObject get(String type, String id) throws Exception {
            var response = client().get(config.apiPort(), config.primaryAddress(), "/api/v1/" + type + "/" + id)
                    .basicAuthentication("bal", PASSWORD).send().await(10, TimeUnit.SECONDS);
            return response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
        }

        /** Whether this node stores the document {@code type/id} (a synced one arrived). */
        boolean has(String type, String id) throws Exception {
            return get(type, id) != null;
        }

        void delete(String type, String id) throws Exception {
            int status = client().delete(config.apiPort(), config.primaryAddress(), "/api/v1/" + type + "/" + id)
                    .basicAuthentication("bal", PASSWORD).send().await(10, TimeUnit.SECONDS).statusCode();
            assertThat(status).as("DELETE " + type + "/" + id).isBetween(200, 299);
        }

        /** GET an API path, as user bal; the answer must be 200 with a JSON object. */
        JsonObject read(String path) throws Exception {
            var response = client().get(config.apiPort(), config.primaryAddress(), path)
                    .basicAuthentication("bal", PASSWORD).send().await(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
            return response.bodyAsJsonObject();
        }

        /** {@code GET /metrics} as user bal: the Prometheus text. */
        String metrics() throws Exception {
            var response = client().get(config.apiPort(), config.primaryAddress(), "/metrics")
                    .basicAuthentication("bal", PASSWORD).send().await(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
            return response.bodyAsString();
        }

        private WebClient client() {
            return WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        }

        /** The A answer for {@code name}, as dig +short prints it (empty for none). */
        String dig(String name) throws IOException, InterruptedException {
            Process dig = new ProcessBuilder("dig", "@" + config.dnsAddress(), "-p",
                    Integer.toString(config.dnsPort()), name, "A", "+short", "+tries=1", "+time=2")
                    .redirectErrorStream(true).start();
            String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            dig.waitFor(10, TimeUnit.SECONDS);
            return out;
        }

        /** dig's whole output for {@code name}, with {@code options} such as {@code -b 127.0.50.9}. */
        String digAll(String name, String... options) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("dig", "@" + config.dnsAddress(), "-p",
                    Integer.toString(config.dnsPort()), name, "+tries=1", "+time=2"));
            command.addAll(List.of(options));
            Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dig.waitFor(10, TimeUnit.SECONDS);
            return out;
        }

        void kill() throws Exception {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        for (Vertx vertx : vertxes) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        for (SettingsStore store : stores) {
            store.close();
        }
    }
}
