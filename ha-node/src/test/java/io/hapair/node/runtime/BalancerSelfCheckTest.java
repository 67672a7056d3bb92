package io.hapair.node.runtime;

import static io.hapair.node.ArmStandIn.LB;
import static io.hapair.node.ArmStandIn.NIC1;
import static io.hapair.node.ArmStandIn.NIC2;
import static io.hapair.node.ArmStandIn.NSG;
import static io.hapair.node.ArmStandIn.SUBSCRIPTION;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.azure.AzureProvider;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.PortSources;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.node.ArmStandIn;
import io.hapair.node.TestPorts;
import io.hapair.node.config.ConfigKey;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node runs {@code hanode cloud diagnose} on its own balancer: a node on 127.20.151.1 (its partner's
 * address, 127.20.151.2, has nothing) whose balancer is a WireMock stand-in of Azure Resource Manager.
 * The balancer is first wired by the adapter's own apply, so the only thing wrong is what a test breaks.
 */
class BalancerSelfCheckTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String NODE1 = "127.20.151.1";
    private static final String NODE2 = "127.20.151.2";
    // The shortest interval the configuration takes: the test waits one interval for the run after the fix.
    private static final String INTERVAL = "30s";


    @TempDir
    Path dir;

    @Test
    void aProbeOnTheWrongPortShowsInStatusAndMetricsWithItsFixAndGoesOnceTheBalancerIsFixed() throws Exception {
        int checkPort = TestPorts.free(NODE1);
        Path topology = topology(checkPort);
        JsonObject wired = wireByApply(topology);
        JsonObject broken = wired.copy();
        broken.getJsonObject("properties").getJsonArray("probes").getJsonObject(0).getJsonObject("properties")
                .put("port", 8080);
        answer(LB, broken.encode());

        try (ApiTestNode node = ApiTestNode.start(NODE1, dir.resolve("data"), Map.of(
                ConfigKey.HEALTH_CHECK_PORT, Integer.toString(checkPort),
                ConfigKey.BALANCER_CHECK_TOPOLOGY, topology.toString(),
                ConfigKey.BALANCER_CHECK_INTERVAL, INTERVAL), name -> provider())) {
            JsonObject found = await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(node).getJsonObject("balancer"), b -> "findings".equals(b.getString("outcome")));

            assertThat(found.getString("topology")).isEqualTo(topology.toString());
            assertThat(found.getInteger("intervalSeconds")).isEqualTo(30);
            assertThat(found.getString("message")).isNull();
            JsonArray findings = found.getJsonArray("findings");
            assertThat(findings).hasSize(1);
            JsonObject finding = findings.getJsonObject(0);
            assertThat(finding.getString("check")).isEqualTo("PROBE_WRONG_PORT");
            assertThat(finding.getString("severity")).isEqualTo("problem");
            assertThat(finding.getString("problem")).contains("8080").contains(Integer.toString(checkPort));
            assertThat(finding.getString("fix")).isNotBlank();
            assertThat(metrics(node)).contains("hanode_balancer_check_findings{severity=\"problem\"} 1.0",
                    "hanode_balancer_check_runs_total{outcome=\"findings\"} 1.0",
                    "hanode_balancer_check_runs_total{outcome=\"ok\"} 0.0",
                    "hanode_balancer_check_runs_total{outcome=\"failed\"} 0.0");
            JsonObject whileFound = status(node);
            assertThat(whileFound.getBoolean("healthy")).as("findings only inform").isTrue();
            assertThat(whileFound.getString("activity")).as("findings only inform").isEqualTo("active");

            answer(LB, wired.encode());

            JsonObject fixed = await().atMost(Duration.ofSeconds(90))
                    .until(() -> status(node).getJsonObject("balancer"), b -> "ok".equals(b.getString("outcome")));
            assertThat(fixed.getJsonArray("findings")).isEmpty();
            assertThat(fixed.getLong("lastSuccessAt")).isEqualTo(fixed.getLong("lastRunAt"));
            assertThat(metrics(node)).contains("hanode_balancer_check_findings{severity=\"problem\"} 0.0",
                    "hanode_balancer_check_runs_total{outcome=\"ok\"} 1.0")
                    .containsPattern("hanode_balancer_check_last_success_timestamp_seconds [0-9.E]+\\n");
        }
    }

    @Test
    void aNodeWithoutATopologySaysTheCheckIsOffAndHasNoSuchMetrics() throws Exception {
        try (ApiTestNode node = ApiTestNode.start(NODE1, dir.resolve("data"))) {
            assertThat(status(node).getJsonObject("balancer")).isEqualTo(new JsonObject().put("enabled", false));
            assertThat(metrics(node)).doesNotContain("hanode_balancer_check");
        }
    }

    private Path topology(int checkPort) throws IOException {
        return Files.writeString(dir.resolve("cloud-topology.yaml"), """
                provider: azure
                healthCheckPort: %d
                node1: {address: %s}
                node2: {address: %s}
                azure:
                  subscription: %s
                  resourceGroup: rg-pair
                  loadBalancer: ilb-pair
                  node1Nic: nic-node1
                  node2Nic: nic-node2
                  armEndpoint: %s
                """.formatted(checkPort, NODE1, NODE2, SUBSCRIPTION, arm.baseUrl()));
    }

    /**
     * Runs {@code hanode cloud apply}'s work on an empty balancer, then makes the stand-in answer what
     * was written; returns the balancer as written.
     */
    private static JsonObject wireByApply(Path topology) throws IOException {
        ArmStandIn.serveUnwiredPair(arm, NODE1, NODE2);
        arm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{{{request.body}}}")
                .withTransformers("response-template")));

        CloudRun.Outcome applied = CloudRun.open(TopologyFile.read(topology), PortSources.none(), line -> { },
                name -> provider()).apply(plan -> true);

        assertThat(applied).isEqualTo(CloudRun.Outcome.APPLIED);
        for (String path : new String[] {NIC1, NIC2, NSG}) {
            answer(path, written(path));
        }
        return withChildIds(new JsonObject(written(LB)));
    }

    /** As ARM answers a written balancer: each part (pool, probe, rule) with the id ARM gives it. */
    private static JsonObject withChildIds(JsonObject balancer) {
        JsonObject properties = balancer.getJsonObject("properties");
        for (String collection : properties.fieldNames()) {
            if (properties.getValue(collection) instanceof JsonArray parts) {
                parts.forEach(part -> {
                    JsonObject child = (JsonObject) part;
                    child.put("id", child.getString("id", LB + "/" + collection + "/" + child.getString("name")));
                });
            }
        }
        return balancer;
    }

    private static String written(String path) {
        return arm.findAll(putRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString();
    }

    private static void answer(String path, String body) {
        ArmStandIn.answer(arm, path, body);
    }


    private static AzureProvider provider() {
        return ArmStandIn.provider(0);
    }

    /** The status, which must match the API's contract whatever the self-check found. */
    private static JsonObject status(ApiTestNode node) throws Exception {
        WebClient client = node.client();
        try {
            HttpResponse<Buffer> answer = node.request(client, HttpMethod.GET, "/api/v1/ha/status").send()
                    .await(30, TimeUnit.SECONDS);
            OpenAPIContract contract = OpenAPIContract.from(node.vertx, ApiRoutes.OPENAPI_DOCUMENT)
                    .await(30, TimeUnit.SECONDS);
            ResponseValidator.create(node.vertx, contract).validate(ValidatableResponse.create(answer.statusCode(),
                    Map.of(), answer.body(), "application/json"), "ha.status").await(30, TimeUnit.SECONDS);
            return answer.bodyAsJsonObject();
        } finally {
            client.close();
        }
    }

    private static String metrics(ApiTestNode node) throws Exception {
        WebClient client = node.client();
        try {
            return node.request(client, HttpMethod.GET, "/metrics").send().await(30, TimeUnit.SECONDS).bodyAsString();
        } finally {
            client.close();
        }
    }
}
