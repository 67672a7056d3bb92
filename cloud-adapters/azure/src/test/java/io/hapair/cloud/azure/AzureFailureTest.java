package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.topology.InvalidTopologyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.azure.ArmDocuments.LB_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureFailureTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String OPERATION_PATH = "/subscriptions/" + ArmDocuments.SUBSCRIPTION
        + "/providers/Microsoft.Network/locations/westeurope/operations/op-1";

    private final ArmStub stub = new ArmStub(arm);
    private AzureFixture pair;

    @BeforeEach
    void emptyBalancerAndUnboundNics() {
        pair = new AzureFixture(arm.baseUrl(), Map.of());
        stub.emptyBalancerAndUnboundNics(pair);
    }

    @Test
    void etagMismatchRereadsReplansAndKeepsTheConcurrentChange() {
        ObjectNode changedMeanwhile = ArmDocuments.loadBalancer("W/\"lb-2\"");
        ArmDocuments.add(changedMeanwhile, "probes", ArmDocuments.probe("their-probe", "Tcp", 3389, null, 15, 2));
        stub.stub(get(urlPathEqualTo(LB_PATH)).inScenario("etag").whenScenarioStateIs("changed")
            .willReturn(ArmStub.json(200, changedMeanwhile)));
        stub.stub(put(urlPathEqualTo(LB_PATH)).inScenario("etag").whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("changed").willReturn(ArmStub.json(412, ArmDocuments.error("PreconditionFailed",
                "The condition specified using HTTP conditional header(s) is not met."))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.writesTo(LB_PATH)).extracting(request -> request.getHeader("If-Match"))
            .containsExactly("W/\"lb-1\"", "W/\"lb-2\"");
        JsonNode second = ArmStub.body(stub.writesTo(LB_PATH).get(1));
        assertThat(second.at("/properties/probes").findValuesAsText("name"))
            .containsExactly("their-probe", "hapair-health-probe");
        assertThat(pair.output).anyMatch(line -> line.contains("re-reading and re-planning (round 2 of 3)"));
        assertThat(stub.writesTo(ArmStub.NIC1_PATH)).hasSize(1);
    }

    @Test
    void throttledReadIsRetriedAfterRetryAfterThenSucceeds() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("calm").willReturn(ArmStub.json(429, throttled()).withHeader("Retry-After", "1")));
        stub.stub(get(urlPathEqualTo(LB_PATH)).inScenario("throttle").whenScenarioStateIs("calm")
            .willReturn(ArmStub.json(200, ArmDocuments.loadBalancer("W/\"lb-1\""))));

        assertThat(pair.run().plan()).isEqualTo(Outcome.PLANNED);

        arm.verify(2, getRequestedFor(urlPathEqualTo(LB_PATH)));
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsAClearError() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(429, throttled())
            .withHeader("Retry-After", "1")));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageContaining("kept throttling the requests for load balancer ilb-ha")
            .hasMessageContaining("429 SubscriptionRequestsThrottled")
            .hasMessageContaining("wait a few minutes");
        arm.verify(1 + StaticTokenPolicy.QUICK_RETRY.getExponentialBackoffOptions().getMaxRetries(),
            getRequestedFor(urlPathEqualTo(LB_PATH)));
    }

    @Test
    void forbiddenBalancerWriteNamesThePermissionAndSkipsTheNicJoins() {
        stub.stub(put(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(403, ArmDocuments.error("AuthorizationFailed",
            "The client 'f1c0a7e2-0000-4000-8000-000000000001' with object id 'f1c0a7e2-0000-4000-8000-000000000001'"
                + " does not have authorization to perform action 'Microsoft.Network/loadBalancers/write' over scope '"
                + LB_PATH + "' or the scope is invalid. If access was recently granted, please refresh your "
                + "credentials."))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("failed: permission denied: Microsoft.Network/loadBalancers/write on "
            + "load balancer ilb-ha in resource group rg-ha (AuthorizationFailed); grant the signed-in identity a role "
            + "that allows Microsoft.Network/loadBalancers/write");
        assertThat(stub.writesTo(ArmStub.NIC1_PATH)).isEmpty();
        assertThat(stub.writesTo(ArmStub.NSG_PATH)).as("the NSG does not depend on the balancer").hasSize(1);
        assertThat(pair.output).last().isEqualTo("done: 11 applied, 8 failed, 0 not attempted");
    }

    @Test
    void forbiddenPoolJoinNamesTheLinkedJoinAction() {
        stub.stub(put(urlPathEqualTo(ArmStub.NIC1_PATH)).willReturn(ArmStub.json(403, ArmDocuments.error(
            "LinkedAuthorizationFailed", "The client has permission to perform action "
                + "'Microsoft.Network/networkInterfaces/write' on scope '" + ArmStub.NIC1_PATH + "', however it does not"
                + " have permission to perform action 'Microsoft.Network/loadBalancers/backendAddressPools/join/action'"
                + " on the linked scope(s) '" + LB_PATH + "/backendAddressPools/hapair-pool'."))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("permission denied: "
            + "Microsoft.Network/loadBalancers/backendAddressPools/join/action on network interface nic-node1");
    }

    @Test
    void rejectedTokenSaysHowToSignIn() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(401, ArmDocuments.error(
            "InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer."))));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("signing in to Azure failed (InvalidAuthenticationTokenTenant")
            .hasMessageContaining("az login");
    }

    @Test
    void asyncOperationIsPolledUntilSucceeded() {
        acceptBalancerWriteAsAsyncOperation();
        stub.stub(get(urlPathEqualTo(OPERATION_PATH)).inScenario("lro").whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("done").willReturn(operation("{\"status\":\"InProgress\"}")));
        stub.stub(get(urlPathEqualTo(OPERATION_PATH)).inScenario("lro").whenScenarioStateIs("done")
            .willReturn(operation("{\"status\":\"Succeeded\"}")));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        arm.verify(2, getRequestedFor(urlPathEqualTo(OPERATION_PATH)));
    }

    @Test
    void asyncOperationThatFailsShowsAzuresError() {
        acceptBalancerWriteAsAsyncOperation();
        stub.stub(get(urlPathEqualTo(OPERATION_PATH)).willReturn(operation("{\"status\":\"Failed\",\"error\":{"
            + "\"code\":\"RulesUseSameBackendPortProtocolAndPool\",\"message\":\"Load balancing rules "
            + "hapair-rule-tcp-8444 and web-8444 with floating IP disabled use the same protocol Tcp and backend port "
            + "8444\"}}")));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("RulesUseSameBackendPortProtocolAndPool")
            .contains("use the same protocol Tcp and backend port 8444");
        assertThat(stub.writesTo(ArmStub.NIC1_PATH)).isEmpty();
    }

    @Test
    void missingBalancerIsCreatedOnlyWhenAskedWithIfNoneMatch() {
        stub.stub(get(urlPathEqualTo(LB_PATH)).willReturn(ArmStub.json(404, ArmDocuments.error("ResourceNotFound",
            "The Resource 'Microsoft.Network/loadBalancers/ilb-ha' under resource group 'rg-ha' was not found."))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(CloudException.class)
            .hasMessageContaining("load balancer ilb-ha in resource group rg-ha does not exist")
            .hasMessageContaining("--create-load-balancer");

        AzureFixture creating = new AzureFixture(arm.baseUrl(), Map.of("azure.createLoadBalancer", "true",
            "azure.frontendSubnet", ArmDocuments.SUBNET_ID, "azure.frontendPrivateIp", "10.0.1.10"));
        assertThat(creating.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.writesTo(LB_PATH)).hasSize(1);
        assertThat(stub.writesTo(LB_PATH).get(0).getHeader("If-None-Match")).isEqualTo("*");
        assertThat(stub.writesTo(LB_PATH).get(0).containsHeader("If-Match")).isFalse();
        JsonNode created = ArmStub.body(stub.writesTo(LB_PATH).get(0));
        assertThat(created.at("/location").asText()).isEqualTo("westeurope");
        assertThat(created.at("/sku/name").asText()).isEqualTo("Standard");
        JsonNode frontend = created.at("/properties/frontendIPConfigurations/0");
        assertThat(frontend.at("/name").asText()).isEqualTo("hapair-frontend");
        assertThat(frontend.at("/properties/subnet/id").asText()).isEqualTo(ArmDocuments.SUBNET_ID);
        assertThat(frontend.at("/properties/privateIPAllocationMethod").asText()).isEqualTo("Static");
        assertThat(created.at("/properties/loadBalancingRules/0/properties/frontendIPConfiguration/id").asText())
            .isEqualTo(LB_PATH + "/frontendIPConfigurations/hapair-frontend");
    }

    @Test
    void nodeAddressNotOnItsNicIsBadInputNamingTheField() {
        stub.answer(ArmStub.NIC1_PATH, ArmDocuments.nic("nic-node1", "10.0.1.9", List.of(),
            List.of()));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOfSatisfying(InvalidTopologyException.class,
                e -> assertThat(e.field()).isEqualTo("node1.address"))
            .hasMessage("node1.address: 10.0.1.4 is not an address of network interface nic-node1 (it has 10.0.1.9);"
                + " fix node1.address or azure.node1Nic");
    }

    @Test
    void balancerWithSeveralFrontendsNeedsOneNamed() {
        ObjectNode twoFrontends = ArmDocuments.loadBalancer("W/\"lb-1\"");
        ObjectNode second = twoFrontends.at("/properties/frontendIPConfigurations/0").deepCopy();
        second.put("name", "fe-other");
        twoFrontends.withArray("/properties/frontendIPConfigurations").add(second);
        stub.answer(LB_PATH, twoFrontends);

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessage("azure.frontend: the load balancer has 2 frontends (fe-ilb, fe-other); name the one the pair"
                + " uses with --frontend");
    }

    private void acceptBalancerWriteAsAsyncOperation() {
        stub.stub(put(urlPathEqualTo(LB_PATH)).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json")
            .withHeader("Azure-AsyncOperation", arm.baseUrl() + OPERATION_PATH + "?api-version=2024-05-01")
            .withHeader("Retry-After", "1")
            .withBody("{{{request.body}}}").withTransformers("response-template")));
    }

    private static ResponseDefinitionBuilder operation(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withHeader("Retry-After", "1").withBody(body);
    }

    private static JsonNode throttled() {
        return ArmDocuments.error("SubscriptionRequestsThrottled", "Number of 'read' requests for subscription '"
            + ArmDocuments.SUBSCRIPTION + "' actually exceeded the limit of '12000' for time interval '01:00:00'. "
            + "Please try again after '1' seconds.");
    }
}
