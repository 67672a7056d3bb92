package io.hapair.node.runtime;

import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.run.CloudProviders;
import io.hapair.node.TestPorts;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A standalone node in this JVM, its API on {@code host}: the API tests' one fixture. */
final class ApiTestNode implements AutoCloseable {

    static final String PASSWORD = "api-test-password";

    final Vertx vertx = Vertx.vertx();
    final String host;
    final NodeConfig config;
    final SettingsStore store;

    private ApiTestNode(String host, NodeConfig config, SettingsStore store) {
        this.host = host;
        this.config = config;
        this.store = store;
    }

    static ApiTestNode start(String host, Path dataDir) throws Exception {
        return start(host, dataDir, Map.of(), CloudProviders::named);
    }

    /** As {@link #start(String, Path)}, with {@code more} flags and the clouds the balancer self-check reaches. */
    static ApiTestNode start(String host, Path dataDir, Map<ConfigKey, String> more,
                             Function<String, CloudProvider> clouds) throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.NODE_NAME, "solo");
        flags.put(ConfigKey.PRIMARY_ADDRESS, host);
        flags.put(ConfigKey.HEALTH_CHECK_PORT, Integer.toString(TestPorts.free(host)));
        flags.put(ConfigKey.PEER_PORT, Integer.toString(TestPorts.free(host)));
        flags.put(ConfigKey.API_PORT, Integer.toString(TestPorts.free(host)));
        // Not 53: a node that cannot bind its GEO DNS port does not start, and a test run beside this one
        // (another checkout) may hold 53 on the same address.
        flags.put(ConfigKey.DNS_PORT, Integer.toString(TestPorts.free(host)));
        flags.put(ConfigKey.DATA_DIR, dataDir.toString());
        flags.put(ConfigKey.ADMIN_PASSWORD, PASSWORD);
        // Not the host's chrony: NTP servers a test stores go to a file of its own, and no chronyd answers.
        flags.put(ConfigKey.CHRONY_SOURCES_FILE, dataDir.toAbsolutePath().resolve("hanode.sources").toString());
        flags.put(ConfigKey.CHRONY_SOCKET, dataDir.toAbsolutePath().resolve("no-chronyd.sock").toString());
        // Not the host's name and resolver: a name a test stores goes to a program that is not there (the node says
        // so), name servers to a file of its own.
        flags.put(ConfigKey.HOSTNAME_COMMAND, dataDir.toAbsolutePath().resolve("no-hostname-command").toString());
        flags.put(ConfigKey.RESOLV_CONF, dataDir.toAbsolutePath().resolve("resolv.conf").toString());
        // Nor the test machine's network.
        flags.put(ConfigKey.HOST_NETWORK, "store-only");
        flags.putAll(more);
        NodeConfig config = ConfigLoader.load(null, Map.of(), flags, "h");
        NodeCertificate cert = NodeCertificate.ensure(null, null, dataDir, "solo", List.of(host));
        ApiTestNode node = new ApiTestNode(host, config, SettingsStore.open(dataDir));
        node.vertx.deployVerticle(new NodeVerticle(config, cert, node.store, "9.9.9", clouds)).await(60, TimeUnit.SECONDS);
        return node;
    }

    /** A client of the API (TLS, the node's self-signed certificate trusted). */
    WebClient client() {
        return WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    }

    /** A client whose connections come from {@code localAddress}, a source apart from other clients'. */
    WebClient clientFrom(String localAddress) {
        return WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setLocalAddress(localAddress));
    }

    /** A request with the right password. */
    HttpRequest<Buffer> request(WebClient client, HttpMethod method, String path) {
        return client.request(method, config.apiPort(), host, path).basicAuthentication("bal", PASSWORD);
    }

    @Override
    public void close() throws Exception {
        // Generous: closing stops the data plane, which first finishes applying what the test stored (an
        // import of 3,000 services is a HAProxy check and reload of 3,000 listeners, slow on a busy host).
        vertx.close().await(120, TimeUnit.SECONDS);
        store.close();
    }
}
