package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** ARM on WireMock: answers for the pair's resources and the request journal of what was written. */
final class ArmStub {

    static final String NIC1_PATH = ArmDocuments.NETWORK + "/networkInterfaces/nic-node1";
    static final String NIC2_PATH = ArmDocuments.NETWORK + "/networkInterfaces/nic-node2";
    static final String NSG_PATH = ArmDocuments.NETWORK + "/networkSecurityGroups/nsg-ha";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockExtension arm;

    ArmStub(WireMockExtension arm) {
        this.arm = arm;
    }

    void answer(String path, JsonNode body) {
        arm.stubFor(get(urlPathEqualTo(path)).willReturn(json(200, body)));
    }

    /** Every PUT succeeds at once (200, Succeeded) and returns what was sent, as ARM does. */
    void acceptWrites() {
        for (String path : List.of(ArmDocuments.LB_PATH, NIC1_PATH, NIC2_PATH, NSG_PATH)) {
            arm.stubFor(put(urlPathEqualTo(path)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{{{request.body}}}")
                .withTransformers("response-template")));
        }
    }

    /** The common start: an existing balancer with one frontend and nothing else, NICs in no pool, an empty NSG. */
    void emptyBalancerAndUnboundNics(AzureFixture pair) {
        answer(ArmDocuments.LB_PATH, ArmDocuments.loadBalancer("W/\"lb-1\""));
        answer(NIC1_PATH, PairOnArm.unboundNic(pair.topology.node1()));
        answer(NIC2_PATH, PairOnArm.unboundNic(pair.topology.node2()));
        answer(NSG_PATH, ArmDocuments.securityGroup("W/\"nsg-1\""));
        acceptWrites();
    }

    void stub(MappingBuilder mapping) {
        arm.stubFor(mapping);
    }

    List<LoggedRequest> writesTo(String path) {
        return arm.findAll(putRequestedFor(urlPathEqualTo(path)));
    }

    int writeCount() {
        return arm.findAll(putRequestedFor(anyUrl())).size();
    }

    static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException notJson) {
            throw new UncheckedIOException(notJson);
        }
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody(body.toString());
    }
}
