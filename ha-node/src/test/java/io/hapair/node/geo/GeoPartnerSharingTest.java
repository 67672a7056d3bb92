package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.config.ConfigKey;
import io.hapair.node.store.SettingsStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GEO settings shared between GEO partners: an HA pair (master A1, slave A2) and a standalone unit C,
 * real nodes in this JVM configured with the lists {@code hanode geo plan} gives for this topology.
 */
class GeoPartnerSharingTest {

    private static final String A1 = "127.0.8.31";
    private static final String A2 = "127.0.8.32";
    private static final String C = "127.0.8.33";
    private static final String STRANGER = "127.0.8.34";
    // The cluster a delivery plants: once admitted, the active node checks it (TCP, port 80), so it is loopback
    // where nothing listens; tests send nothing off the machine.
    private static final String PLANTED = "127.0.8.35";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestNodes nodes;
    private Map<ConfigKey, String> flags;
    private final Vertx sender = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        sender.close().await(10, TimeUnit.SECONDS);
        nodes.close();
    }

    private TestNodes.Node[] deployment() throws Exception {
        nodes = new TestNodes(dir);
        flags = TestNodes.ports(A1);
        // Short, so that a unit whose first delivery was refused (lists not written yet) catches up soon.
        flags.put(ConfigKey.GEO_SYNC_INTERVAL, "1s");
        TestNodes.Node a1 = nodes.start("a1", "master", A1, A2, flags);
        TestNodes.Node a2 = nodes.start("a2", "slave", A2, A1, flags);
        TestNodes.Node c = nodes.start("c", "none", C, null, flags);
        await().atMost(WAIT).until(() -> tryPost(a1, "geo-partners", C));
        a1.post("geo-remote-access", new JsonObject().put("address", C));
        c.post("geo-partners", new JsonObject().put("address", A1));
        c.post("geo-partners", new JsonObject().put("address", A2));
        c.post("geo-remote-access", new JsonObject().put("address", A1));
        c.post("geo-remote-access", new JsonObject().put("address", A2));
        return new TestNodes.Node[] {a1, a2, c};
    }

    /** The first write waits until the pair has settled (a standby master refuses synced writes). */
    private static boolean tryPost(TestNodes.Node node, String type, String address) {
        try {
            node.post(type, new JsonObject().put("address", address));
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    @Test
    void clustersMadeOnAStandaloneUnitReachBothNodesOfThePairAsTheyLookFromThere() throws Exception {
        TestNodes.Node[] n = deployment();
        TestNodes.Node c = n[2];

        c.post("geo-clusters", new JsonObject().put("name", "pair-a").put("address", A1).put("type", "remote"));
        c.post("geo-clusters", new JsonObject().put("name", "site-c").put("address", C).put("type", "local"));
        c.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "pair-a"), Map.of("target", "site-c"))));
        c.post("geo-client-locations", new JsonObject().put("name", "amsterdam").put("networks", List.of("10.1.0.0/16"))
                .put("location", new JsonObject().put("latitude", 52.37).put("longitude", 4.9)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertCluster(n[0].get("geo-clusters", "pair-a"), A1, "local");
            assertCluster(n[0].get("geo-clusters", "site-c"), C, "remote");
            // the slave stores the pair as itself
            assertCluster(n[1].get("geo-clusters", "pair-a"), A2, "local");
            assertCluster(n[1].get("geo-clusters", "site-c"), C, "remote");
            assertThat(n[1].get("geo-fqdns", "www.example.com")).isNotNull();
            assertThat(n[1].get("geo-client-locations", "amsterdam")).isNotNull();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(n[0].dig("www.example.com"))
                .as("the pair answers with itself first").isEqualTo(A1));

        c.delete("geo-fqdns", "www.example.com");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(n[0].get("geo-fqdns", "www.example.com")).isNull();
            assertThat(n[1].get("geo-fqdns", "www.example.com")).isNull();
        });
    }

    @Test
    void changesOnThePairsActiveNodeReachTheStandaloneUnitInThePairsOwnTerms() throws Exception {
        TestNodes.Node[] n = deployment();
        TestNodes.Node c = n[2];

        n[0].post("geo-clusters", new JsonObject().put("name", "pair-a").put("address", A1).put("type", "local"));

        await().atMost(WAIT).untilAsserted(() -> assertCluster(c.get("geo-clusters", "pair-a"), A1, "remote"));

        n[0].kill();
        await().atMost(WAIT).until(() -> tryPostFqdn(n[1]));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonObject atC = c.get("geo-fqdns", "api.example.com");
            assertThat(atC).isNotNull();
            assertThat(atC.getString("lastResort")).as("the slave named itself; the pair's GEO address is its master's")
                    .isEqualTo(A1);
        });
        assertThat(n[1].get("geo-fqdns", "api.example.com").getString("lastResort")).isEqualTo(A2);
    }

    @Test
    void aPartnerThatWasDownCatchesUpAtTheNextComparisonAndADeletionStaysDeleted() throws Exception {
        TestNodes.Node[] n = deployment();
        n[0].post("geo-fqdns", new JsonObject().put("fqdn", "old.example.com").put("mappings", List.of()));
        await().atMost(WAIT).until(() -> n[2].get("geo-fqdns", "old.example.com") != null);

        n[2].kill();
        n[0].post("geo-fqdns", new JsonObject().put("fqdn", "new.example.com").put("mappings", List.of()));
        n[0].delete("geo-fqdns", "old.example.com");
        TestNodes.Node c = nodes.start("c", "none", C, null, flags);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(c.get("geo-fqdns", "new.example.com")).isNotNull();
            assertThat(c.get("geo-fqdns", "old.example.com")).as("the deletion reached the returning unit").isNull();
        });
        assertThat(n[0].get("geo-fqdns", "old.example.com")).as("not offered back by the returning unit").isNull();
    }

    @Test
    void theSharingStatusShowsPerPartnerHowSendingWentAndWhatCameFromIt() throws Exception {
        TestNodes.Node[] n = deployment();
        TestNodes.Node c = n[2];

        c.post("geo-fqdns", new JsonObject().put("fqdn", "status.example.com").put("mappings", List.of()));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonObject atC = c.read("/api/v1/geo/sync/status");
            assertThat(atC.getBoolean("sending")).isTrue();
            JsonObject toMaster = partner(atC, A1);
            assertThat(toMaster.getString("error")).isNull();
            assertThat(toMaster.getLong("lastSuccessAt")).isPositive();
            assertThat(toMaster.getLong("localChanges")).as("changes made on C for A1").isPositive();
            assertThat(toMaster.getInteger("pendingChanges")).isZero();
            assertThat(partner(atC, A2).getString("state")).as("the pair's standby takes nothing").isEqualTo("standby");
            assertThat(partner(atC, A2).getInteger("unsentChanges")).as("and that is no fault").isZero();
            assertThat(partner(n[0].read("/api/v1/geo/sync/status"), C).getLong("receivedChanges"))
                    .as("what the pair's master stored from C").isPositive();
        });
    }

    private static JsonObject partner(JsonObject status, String address) {
        return status.getJsonArray("partners").stream().map(JsonObject.class::cast)
                .filter(p -> address.equals(p.getString("address"))).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in " + status.encode()));
    }

    private static boolean tryPostFqdn(TestNodes.Node slave) {
        try {
            slave.post("geo-fqdns", new JsonObject().put("fqdn", "api.example.com")
                    .put("mappings", List.of(Map.of("target", "pair-a"))).put("lastResort", A2));
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    @Test
    void geoSettingsAreRefusedFromStrangersOnTheStandbyAndWhenMalformedAndNothingIsStored() throws Exception {
        TestNodes.Node[] n = deployment();
        String delivery = new JsonObject()
                .put("sender", new JsonObject().put("node", "x1").put("unitAddress", C).put("software", "9.9.9")
                        .put("schema", SettingsStore.SCHEMA_VERSION))
                .put("docs", List.of(Map.of("type", "geo-clusters", "id", "evil",
                        "body", "{\"name\":\"evil\",\"address\":\"" + PLANTED + "\"}",
                        "version", Map.of("vector", Map.of("x1", 1), "wall", 1, "counter", 0, "origin", "x1"))))
                .encode();

        assertThat(post(STRANGER, A1, TestNodes.PASSWORD, delivery).statusCode()).as("not in the access list")
                .isEqualTo(403);
        assertThat(post(C, A1, "wrong", delivery).statusCode()).as("wrong password").isEqualTo(401);
        assertThat(post(C, A1, TestNodes.PASSWORD, "{\"docs\": 7").statusCode()).as("malformed").isEqualTo(400);
        assertThat(post(C, A1, TestNodes.PASSWORD, delivery.replace("\"schema\":" + SettingsStore.SCHEMA_VERSION,
                "\"schema\":99")).statusCode()).as("another settings schema").isEqualTo(409);
        assertThat(post(C, A1, TestNodes.PASSWORD, delivery.replace("\"x1\"", "\"a2\"")).statusCode())
                .as("a node name the pair uses").isEqualTo(409);
        HttpResponse<Buffer> invalid = post(C, A1, TestNodes.PASSWORD, delivery.replace(PLANTED, "no-address"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.bodyAsString()).as("names the document and field")
                .contains("docs[geo-clusters/evil].address");
        HttpResponse<Buffer> standby = post(C, A2, TestNodes.PASSWORD, delivery);
        assertThat(standby.statusCode()).isEqualTo(409);
        assertThat(standby.bodyAsJsonObject().getBoolean("standby")).isTrue();
        assertThat(n[0].get("geo-clusters", "evil")).isNull();
        assertThat(n[1].get("geo-clusters", "evil")).isNull();

        assertThat(post(C, A1, TestNodes.PASSWORD, delivery).statusCode()).as("the same delivery, admitted")
                .isEqualTo(200);
        assertCluster(n[0].get("geo-clusters", "evil"), PLANTED, "default");
    }

    private HttpResponse<Buffer> post(String from, String to, String password, String body) throws Exception {
        WebClient client = WebClient.create(sender, new WebClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setLocalAddress(from));
        return client.post(Integer.parseInt(flags.get(ConfigKey.API_PORT)), to, GeoPartnerMessage.DOCUMENTS_PATH)
                .basicAuthentication("bal", password).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
    }

    private static void assertCluster(JsonObject cluster, String address, String type) {
        assertThat(cluster).isNotNull();
        assertThat(List.of(cluster.getString("address"), cluster.getString("type"))).isEqualTo(List.of(address, type));
    }
}
