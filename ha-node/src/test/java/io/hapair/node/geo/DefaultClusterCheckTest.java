package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.config.ConfigKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone unit checks its default clusters against real listeners on loopback, and dig sees
 * the answer move: each FQDN prefers a checked site (weight 2) over an unchecked backup (weight 1).
 */
class DefaultClusterCheckTest {

    private static final String UNIT = "127.0.8.60";
    private static final String TCP_SITE = "127.0.8.61";
    private static final String BACKUP = "127.0.8.62";
    private static final String HTTP_SITE = "127.0.8.63";
    private static final String HTTPS_SITE = "127.0.8.64";

    @TempDir
    Path dir;

    private TestNodes nodes;
    private TestNodes.Node unit;
    private Vertx sites;

    @BeforeEach
    void start() throws Exception {
        sites = Vertx.vertx();
        nodes = new TestNodes(dir);
        Map<ConfigKey, String> flags = TestNodes.ports(UNIT);
        // Short for a quick test, yet long enough for a first TLS handshake on a busy machine.
        flags.put(ConfigKey.GEO_POLL_INTERVAL, "600ms");
        flags.put(ConfigKey.GEO_POLL_TIMEOUT, "500ms");
        unit = nodes.start("unit", "none", UNIT, null, flags);
        unit.post("geo-clusters", new JsonObject().put("name", "backup").put("address", BACKUP)
                .put("check", new JsonObject().put("type", "none")));
    }

    @AfterEach
    void stop() throws Exception {
        sites.close().await(10, TimeUnit.SECONDS);
        nodes.close();
    }

    @Test
    void aTcpSiteWhoseListenerClosesGoesDownAndComesBackWhenItListensAgain() throws Exception {
        int port = TestPorts.free(TCP_SITE);
        NetServer listener = listenTcp(port);
        unit.post("geo-clusters", new JsonObject().put("name", "tcp-site").put("address", TCP_SITE)
                .put("check", new JsonObject().put("type", "tcp").put("port", port)));
        preferred("tcp.example.com", "tcp-site");
        awaitCheck("tcp-site", "check passed");
        assertThat(unit.dig("tcp.example.com")).isEqualTo(TCP_SITE);

        listener.close().await(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unit.dig("tcp.example.com"))
                .as("the closed site falls to the backup").isEqualTo(BACKUP));
        JsonObject down = cluster("tcp-site");
        assertThat(down.getBoolean("up")).isFalse();
        assertThat(down.getString("lastError")).startsWith("tcp " + TCP_SITE + ":" + port + ": ");
        assertThat(down.getString("since")).isNotNull();

        listenTcp(port);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unit.dig("tcp.example.com"))
                .as("after rise passed checks the site is back").isEqualTo(TCP_SITE));
    }

    @Test
    void anHttpSiteAnswering500IsDownAndUpAgainWhenItAnswers200() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        int port = TestPorts.free(HTTP_SITE);
        listenHttp(new HttpServerOptions(), HTTP_SITE, port, status);
        unit.post("geo-clusters", new JsonObject().put("name", "http-site").put("address", HTTP_SITE)
                .put("check", new JsonObject().put("type", "http").put("port", port).put("path", "/health")));
        preferred("web.example.com", "http-site");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unit.dig("web.example.com"))
                .as("500 is not the expected 200").isEqualTo(BACKUP));
        assertThat(cluster("http-site").getString("lastError"))
                .isEqualTo("GET http://" + HTTP_SITE + ":" + port + "/health answered 500, expected 200");

        status.set(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unit.dig("web.example.com"))
                .isEqualTo(HTTP_SITE));
    }

    @Test
    void anHttpsSiteWithASelfSignedCertificateIsCheckedAndUp() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("site.example");
        int port = TestPorts.free(HTTPS_SITE);
        listenHttp(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()), HTTPS_SITE,
                port, new AtomicInteger(200));
        unit.post("geo-clusters", new JsonObject().put("name", "https-site").put("address", HTTPS_SITE)
                .put("check", new JsonObject().put("type", "https").put("port", port)));
        preferred("secure.example.com", "https-site");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonObject site = cluster("https-site");
            assertThat(site.getString("reason")).isEqualTo("check passed");
            assertThat(site.getJsonObject("check")).isEqualTo(new JsonObject().put("type", "https")
                    .put("port", port).put("path", "/").put("expectStatus", 200));
            assertThat(unit.dig("secure.example.com")).isEqualTo(HTTPS_SITE);
        });
    }

    @Test
    void theStatusSaysWhereEachClustersHealthComesFrom() throws Exception {
        unit.post("geo-clusters", new JsonObject().put("name", "remote-site").put("address", "127.0.8.65")
                .put("type", "remote"));
        unit.post("geo-clusters", new JsonObject().put("name", "me").put("address", UNIT).put("type", "local"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(cluster("backup").getString("reason")).isEqualTo("check type none, always up");
            assertThat(cluster("me").getString("reason")).isEqualTo("this unit, answered at its active node");
            assertThat(cluster("remote-site").getString("reason")).startsWith("down: ");
        });
    }

    private NetServer listenTcp(int port) throws Exception {
        return sites.createNetServer().connectHandler(socket -> socket.close()).listen(port, TCP_SITE)
                .await(10, TimeUnit.SECONDS);
    }

    private HttpServer listenHttp(HttpServerOptions options, String host, int port, AtomicInteger status)
            throws Exception {
        return sites.createHttpServer(options).requestHandler(r -> r.response().setStatusCode(status.get()).end())
                .listen(port, host).await(10, TimeUnit.SECONDS);
    }

    /** An FQDN that answers {@code cluster} while it is up, else the backup. */
    private void preferred(String fqdn, String cluster) throws Exception {
        unit.post("geo-fqdns", new JsonObject().put("fqdn", fqdn).put("selection", "fixed-weighting")
                .put("mappings", List.of(Map.of("target", cluster, "weight", 2), Map.of("target", "backup"))));
    }

    private void awaitCheck(String name, String reason) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(cluster(name).getString("reason"))
                .isEqualTo(reason));
    }

    private JsonObject cluster(String name) throws Exception {
        return unit.read("/api/v1/geo/status").getJsonArray("clusters").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + "/api/v1/geo/status"));
    }
}
