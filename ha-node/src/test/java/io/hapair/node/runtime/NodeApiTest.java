package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.store.SettingsStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of a standalone node, in this JVM. */
class NodeApiTest {

    private static final String HOST = "127.0.3.30";
    // The imported services' real server: loopback where nothing listens (port 9, discard). The node's HAProxy
    // health-checks every real server, and tests send nothing off the machine.
    private static final String SILENT_REAL_SERVER = "127.0.0.250";
    private static final int SILENT_PORT = 9;
    private static final String PASSWORD = ApiTestNode.PASSWORD;

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private WebClient client;
    private NodeConfig config;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start(HOST, dataDir);
        config = node.config;
        client = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path) {
        return node.request(client, method, path);
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> r) throws Exception {
        return r.send().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aStoreOnlyNodeKeepsANetworkSettingSaysSoAndLeavesTheHostAlone() throws Exception {
        HttpResponse<Buffer> put = request(HttpMethod.PUT, "/api/v1/routes/to-lab").sendJsonObject(new JsonObject()
                .put("name", "to-lab").put("destination", "10.97.231.0/24").put("gateway", "10.97.230.1"))
                .await(30, TimeUnit.SECONDS);

        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
        assertThat(put.bodyAsJsonObject().getJsonArray("warnings").encode()).contains("stored only: this node's"
                + " configuration has host-network: store-only, so the host's network is not changed");
        JsonObject commit = send(request(HttpMethod.GET, "/api/v1/network-commit")).bodyAsJsonObject();
        assertThat(commit.getString("hostNetwork")).isEqualTo("store-only");
        assertThat(commit.containsKey("pending")).as(commit.encode()).isFalse();
        JsonObject readings = send(request(HttpMethod.GET, "/api/v1/host-readings")).bodyAsJsonObject();
        assertThat(readings.getJsonArray("readings").stream().map(JsonObject.class::cast)
                .filter(r -> "routes".equals(r.getString("setting")) && "to-lab".equals(r.getString("item"))))
                .as("the route stored but not on the host: %s", readings.encode()).singleElement()
                .satisfies(r -> {
                    assertThat(r.getString("stored")).isEqualTo("10.97.231.0/24 via 10.97.230.1");
                    assertThat(r.getValue("actual")).isNull();
                    assertThat(r.getBoolean("drift")).isTrue();
                });
    }

    @Test
    void aDeletedSingletonIsNotSetAsBeforeItWasFirstSetAndTheNodeNoLongerManagesIt() throws Exception {
        HttpResponse<Buffer> put = request(HttpMethod.PUT, "/api/v1/domain").sendJsonObject(new JsonObject()
                .put("name", "example.com")).await(30, TimeUnit.SECONDS);
        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);

        HttpResponse<Buffer> deleted = send(request(HttpMethod.DELETE, "/api/v1/domain"));

        assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);
        HttpResponse<Buffer> get = send(request(HttpMethod.GET, "/api/v1/domain"));
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.bodyAsJsonObject().getString("error")).isEqualTo("domain is not set yet; PUT it");
        JsonObject readings = send(request(HttpMethod.GET, "/api/v1/host-readings")).bodyAsJsonObject();
        assertThat(readings.getJsonArray("readings").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("setting"))).as(readings.encode()).doesNotContain("domain");
        assertThat(send(request(HttpMethod.DELETE, "/api/v1/domain")).statusCode()).as("deleted again").isEqualTo(404);
    }

    @Test
    void statusShowsTheStandaloneNode() throws Exception {
        HttpResponse<Buffer> r = send(request(HttpMethod.GET, "/api/v1/ha/status"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject s = r.bodyAsJsonObject();
        assertThat(s.getString("node")).isEqualTo("solo");
        assertThat(s.getString("mode")).isEqualTo("none");
        assertThat(s.getString("activity")).isEqualTo("active");
        assertThat(s.getString("softwareVersion")).isEqualTo("9.9.9");
        assertThat(s.getJsonArray("events").encode()).contains("HA is off: serving alone");
    }

    @Test
    void aChronyTheNodeCannotReachShowsInStatusAndMetricsWithTheFixAndTheNodeServesOn() throws Exception {
        // ApiTestNode's chrony-socket has no chronyd behind it.
        await("the failed reload of chrony's sources in status").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonObject clock = send(request(HttpMethod.GET, "/api/v1/ha/status")).bodyAsJsonObject()
                    .getJsonObject("clock");
            assertThat(clock.getBoolean("synchronised")).isFalse();
            assertThat(clock.getValue("offsetSeconds")).isNull();
            assertThat(clock.getString("lastError")).startsWith("ntp: chronyc -h " + dataDir.toAbsolutePath()
                    .resolve("no-chronyd.sock") + " reload sources failed (exit 1): Could not open connection to daemon")
                    .contains("group _chrony", "chrony-socket");
        });
        assertThat(send(request(HttpMethod.GET, "/metrics")).bodyAsString())
                .contains("hanode_ntp_sources_applied 0.0", "hanode_clock_synchronized 0.0",
                        "hanode_clock_offset_seconds NaN");
        assertThat(send(request(HttpMethod.GET, "/api/v1/ha/status")).bodyAsJsonObject().getString("activity"))
                .isEqualTo("active");
    }

    @Test
    void requestsWithoutTheRightPasswordAreRefused() throws Exception {
        HttpResponse<Buffer> none = send(client.request(HttpMethod.GET, config.apiPort(), HOST, "/api/v1/ha/status"));
        HttpResponse<Buffer> wrong = send(client.request(HttpMethod.GET, config.apiPort(), HOST, "/api/v1/ha/status")
                .basicAuthentication("bal", "guess"));
        HttpResponse<Buffer> metrics = send(client.request(HttpMethod.GET, config.apiPort(), HOST, "/metrics"));

        assertThat(List.of(none.statusCode(), wrong.statusCode(), metrics.statusCode())).containsOnly(401);
        assertThat(none.getHeader("WWW-Authenticate")).contains("Basic");
    }

    @Test
    void aCallAskedWithAMethodItDoesNotTakeIsRefusedNamingTheMethodsItTakes() throws Exception {
        HttpResponse<Buffer> collection = send(request(HttpMethod.PUT, "/api/v1/virtual-services"));
        HttpResponse<Buffer> singleton = send(request(HttpMethod.POST, "/api/v1/wui"));

        assertThat(collection.statusCode()).isEqualTo(405);
        assertThat(collection.getHeader("Allow")).isEqualTo("GET, POST");
        assertThat(collection.bodyAsJsonObject().getString("error"))
                .contains("/api/v1/virtual-services takes GET, POST");
        assertThat(singleton.statusCode()).isEqualTo(405);
        assertThat(singleton.getHeader("Allow")).isEqualTo("GET, PUT, DELETE");
    }

    @Test
    void aPathThatIsNoCallIsRefusedWithWhereTheCallsAreListed() throws Exception {
        HttpResponse<Buffer> unknownType = send(request(HttpMethod.GET, "/api/v1/colours"));
        HttpResponse<Buffer> singletonWithId = send(request(HttpMethod.GET, "/api/v1/wui/wui"));
        HttpResponse<Buffer> belowABodyLimit = send(request(HttpMethod.GET, "/api/v1/geo/sync/nothing"));

        assertThat(List.of(unknownType.statusCode(), singletonWithId.statusCode(), belowABodyLimit.statusCode()))
                .containsOnly(404);
        assertThat(unknownType.bodyAsJsonObject().getString("error")).contains("GET /api/v1/openapi.yaml")
                .contains("GET /api/v1/settings lists the settings types");
    }

    @Test
    void switchoverWithoutHaIsRefusedWithTheReason() throws Exception {
        HttpResponse<Buffer> r = send(request(HttpMethod.POST, "/api/v1/ha/switchover"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("HA is off");
    }

    @Test
    void invalidHaParametersGet400WithFieldErrorsAndAreNotSaved() throws Exception {
        JsonObject bad = new JsonObject().put("ha-mode", "master").put("partner", "10.0.0.999")
                .put("health-check-port", 70000).put("colour", "blue");
        HttpResponse<Buffer> r = send(request(HttpMethod.PUT, "/api/v1/ha/params").putHeader("Content-Type", "application/json"));
        HttpResponse<Buffer> unknown = request(HttpMethod.PUT, "/api/v1/ha/params").sendJsonObject(bad).await(30, TimeUnit.SECONDS);
        JsonObject invalid = new JsonObject().put("ha-mode", "master").put("partner", "10.0.0.999").put("health-check-port", 70000);
        HttpResponse<Buffer> fields = request(HttpMethod.PUT, "/api/v1/ha/params").sendJsonObject(invalid).await(30, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.bodyAsJsonObject().getJsonArray("errors").encode()).contains("colour is not an HA parameter");
        assertThat(fields.statusCode()).isEqualTo(400);
        assertThat(fields.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .contains("partner", "health-check-port", "pairing-secret");
        assertThat(new HaParamsStore(dataDir).load()).isEmpty();
    }

    @Test
    void validHaParametersAreSavedForTheNextStart() throws Exception {
        JsonObject params = new JsonObject().put("switch-to-preferred", "none").put("health-check-all-interfaces", true);

        HttpResponse<Buffer> r = request(HttpMethod.PUT, "/api/v1/ha/params").sendJsonObject(params).await(30, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getBoolean("restartRequired")).isTrue();
        assertThat(r.bodyAsJsonObject().getJsonObject("running").getString("switch-to-preferred")).isEqualTo("prefer-master");
        assertThat(new HaParamsStore(dataDir).load()).containsEntry(ConfigKey.SWITCH_TO_PREFERRED, "none")
                .containsEntry(ConfigKey.HEALTH_CHECK_ALL_INTERFACES, "true");
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        HttpResponse<Buffer> r = send(request(HttpMethod.GET, "/metrics"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("hanode_active 1.0").contains("hanode_role{mode=\"none\"")
                .contains("hanode_transitions_total{reason=\"ha-off\",to=\"active\"} 1.0");
    }

    /** An export-shaped document with {@code count} virtual services; {@code clashAt} reuses the first one's port. */
    private static JsonObject exportOf(int count, int clashAt) {
        io.vertx.core.json.JsonArray services = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < count; i++) {
            int port = i == clashAt ? 1000 : 1000 + i;
            services.add(new JsonObject().put("name", "vs-" + i).put("address", "10.1.0.1").put("port", port)
                    .put("protocol", "tcp").put("realServers", new io.vertx.core.json.JsonArray()
                            .add(new JsonObject().put("address", SILENT_REAL_SERVER).put("port", SILENT_PORT))));
        }
        return new JsonObject().put("schemaVersion", SettingsStore.SCHEMA_VERSION)
                .put("settings", new JsonObject().put("virtual-services", services));
    }

    @Test
    void anImportLargerThanOrdinaryRequestsIsAcceptedWhole() throws Exception {
        // 3,000 services are about 400 KB, past the 64 KiB that other requests may send.
        HttpResponse<Buffer> r = request(HttpMethod.POST, "/api/v1/settings/import").sendJsonObject(exportOf(3_000, -1))
                .await(60, TimeUnit.SECONDS);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getInteger("documents")).isEqualTo(3_000);
        HttpResponse<Buffer> list = send(request(HttpMethod.GET, "/api/v1/virtual-services"));
        assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(3_000);
    }

    @Test
    void anImportIsCheckedAgainstItselfAndRefusedWhole() throws Exception {
        HttpResponse<Buffer> r = request(HttpMethod.POST, "/api/v1/settings/import").sendJsonObject(exportOf(50, 40))
                .await(60, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("settings.virtual-services[40].port").contains("'vs-0'");
        assertThat(send(request(HttpMethod.GET, "/api/v1/virtual-services")).bodyAsJsonObject().getJsonArray("items"))
                .isEmpty();
    }

    @Test
    void aVirtualServiceIsReplacedWithPutAndItsETag() throws Exception {
        JsonObject vs = exportOf(1, -1).getJsonObject("settings").getJsonArray("virtual-services").getJsonObject(0);
        HttpResponse<Buffer> created = request(HttpMethod.POST, "/api/v1/virtual-services").sendJsonObject(vs)
                .await(10, TimeUnit.SECONDS);
        String etag = created.getHeader("ETag");

        HttpResponse<Buffer> replaced = request(HttpMethod.PUT, "/api/v1/virtual-services/vs-0").putHeader("If-Match", etag)
                .sendJsonObject(vs.copy().put("port", 2000)).await(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> stale = request(HttpMethod.PUT, "/api/v1/virtual-services/vs-0").putHeader("If-Match", etag)
                .sendJsonObject(vs.copy().put("port", 3000)).await(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> noId = request(HttpMethod.PUT, "/api/v1/virtual-services").sendJsonObject(vs)
                .await(10, TimeUnit.SECONDS);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(noId.statusCode()).isEqualTo(405);
        assertThat(send(request(HttpMethod.GET, "/api/v1/virtual-services/vs-0")).bodyAsJsonObject().getInteger("port"))
                .isEqualTo(2000);
    }

    @Test
    void aSecondVirtualServiceOnTheSameAddressAndPortIsRefusedNamingTheFirst() throws Exception {
        JsonObject vs = exportOf(1, -1).getJsonObject("settings").getJsonArray("virtual-services").getJsonObject(0);
        HttpResponse<Buffer> first = request(HttpMethod.POST, "/api/v1/virtual-services").sendJsonObject(vs)
                .await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> clash = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("name", "other")).await(30, TimeUnit.SECONDS);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(clash.statusCode()).as(clash.bodyAsString()).isEqualTo(400);
        assertThat(clash.bodyAsString()).contains("vs-0");
    }

    @Test
    void aWriteIsCheckedAgainstTheServicesAsImportedDeletedAndChanged() throws Exception {
        JsonObject vs = exportOf(1, -1).getJsonObject("settings").getJsonArray("virtual-services").getJsonObject(0);
        HttpResponse<Buffer> imported = request(HttpMethod.POST, "/api/v1/settings/import").sendJsonObject(exportOf(3, -1))
                .await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> onImported = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("name", "new").put("port", 1001)).await(30, TimeUnit.SECONDS);
        send(request(HttpMethod.DELETE, "/api/v1/virtual-services/vs-1"));
        HttpResponse<Buffer> onDeleted = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("name", "new").put("port", 1001)).await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> moved = request(HttpMethod.PUT, "/api/v1/virtual-services/vs-2")
                .sendJsonObject(vs.copy().put("name", "vs-2").put("port", 1003)).await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> onLeft = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("name", "third").put("port", 1002)).await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> sameName = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("port", 1009)).await(30, TimeUnit.SECONDS);

        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(onImported.statusCode()).isEqualTo(400);
        assertThat(onImported.bodyAsString()).contains("already used by virtual service 'vs-1'");
        assertThat(onDeleted.statusCode()).as(onDeleted.bodyAsString()).isEqualTo(201);
        assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
        assertThat(onLeft.statusCode()).as(onLeft.bodyAsString()).isEqualTo(201);
        assertThat(sameName.statusCode()).isEqualTo(400);
        assertThat(sameName.bodyAsString()).contains("virtual service 'vs-0' exists already");
    }

    @Test
    void aVirtualServiceOnAPortTheNodeListensOnIsRefusedOnItsPortField() throws Exception {
        JsonObject vs = exportOf(1, -1).getJsonObject("settings").getJsonArray("virtual-services").getJsonObject(0);

        HttpResponse<Buffer> r = request(HttpMethod.POST, "/api/v1/virtual-services")
                .sendJsonObject(vs.copy().put("port", config.apiPort())).await(30, TimeUnit.SECONDS);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("errors")).singleElement().satisfies(e -> {
            assertThat(((JsonObject) e).getString("field")).isEqualTo("port");
            assertThat(((JsonObject) e).getString("message")).contains("taken on this node by the node's API");
        });
        assertThat(send(request(HttpMethod.GET, "/api/v1/virtual-services")).bodyAsJsonObject().getJsonArray("items"))
                .isEmpty();
    }

    @Test
    void aBurstOfCreatesIsAnsweredAtOnceAndTheDataPlaneEndsUpServingEveryService() throws Exception {
        JsonObject vs = exportOf(1, -1).getJsonObject("settings").getJsonArray("virtual-services").getJsonObject(0);
        int burst = 40;
        for (int i = 0; i < burst; i++) {
            HttpResponse<Buffer> r = request(HttpMethod.POST, "/api/v1/virtual-services")
                    .sendJsonObject(vs.copy().put("name", "burst-" + i).put("port", 20_000 + i))
                    .await(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        }

        // The answers do not wait for HAProxy; the data plane catches up with the last of them.
        await("the data plane serves all " + burst + " services").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonObject status = send(request(HttpMethod.GET, "/api/v1/data-plane")).bodyAsJsonObject();
                    assertThat(status.getJsonArray("services")).hasSize(burst);
                    assertThat(status.getJsonObject("configuration").getValue("rejectedAt")).isNull();
                });
    }
}
