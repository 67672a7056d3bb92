package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hapair.cloud.run.CloudRun.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.azure.ArmDocuments.LB_PATH;
import static org.assertj.core.api.Assertions.assertThat;

class AzureApplyTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ArmStub stub = new ArmStub(arm);
    private AzureFixture pair;

    @BeforeEach
    void emptyBalancerAndUnboundNics() {
        pair = new AzureFixture(arm.baseUrl(), Map.of());
        stub.emptyBalancerAndUnboundNics(pair);
    }

    @Test
    void applyOnEmptyLoadBalancerSendsOnePutWithPoolProbeRulesAndNatRules() {
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        List<LoggedRequest> puts = stub.writesTo(LB_PATH);
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).getHeader("If-Match")).isEqualTo("W/\"lb-1\"");
        assertThat(puts.get(0).getHeader("Authorization")).isEqualTo(StaticTokenPolicy.TOKEN);
        JsonNode lb = ArmStub.body(puts.get(0)).get("properties");
        assertThat(names(lb.get("backendAddressPools"))).containsExactly("hapair-pool");
        JsonNode probe = lb.get("probes").get(0);
        assertThat(probe.get("name").asText()).isEqualTo("hapair-health-probe");
        assertThat(probe.get("properties")).isEqualTo(json(
            "{\"protocol\":\"Http\",\"port\":8444,\"intervalInSeconds\":5,\"numberOfProbes\":2,\"probeThreshold\":2,"
                + "\"requestPath\":\"/\"}"));
        JsonNode checkRule = lb.get("loadBalancingRules").get(0);
        assertThat(checkRule.get("name").asText()).isEqualTo("hapair-rule-tcp-8444");
        JsonNode rule = checkRule.get("properties");
        assertThat(rule.get("frontendPort").asInt()).isEqualTo(8444);
        assertThat(rule.get("backendPort").asInt()).isEqualTo(8444);
        assertThat(rule.get("protocol").asText()).isEqualTo("Tcp");
        assertThat(rule.get("enableFloatingIP").asBoolean()).isFalse();
        assertThat(rule.get("idleTimeoutInMinutes").asInt()).isEqualTo(4);
        assertThat(rule.get("loadDistribution").asText()).isEqualTo("Default");
        assertThat(rule.at("/probe/id").asText()).isEqualTo(LB_PATH + "/probes/hapair-health-probe");
        assertThat(rule.at("/backendAddressPool/id").asText()).isEqualTo(LB_PATH + "/backendAddressPools/hapair-pool");
        assertThat(rule.at("/frontendIPConfiguration/id").asText())
            .isEqualTo(LB_PATH + "/frontendIPConfigurations/" + ArmDocuments.FRONTEND);
        assertThat(names(lb.get("loadBalancingRules"))).containsExactly("hapair-rule-tcp-8444", "hapair-rule-tcp-443");
        List<String> nats = new ArrayList<>();
        lb.get("inboundNatRules").forEach(nat -> nats.add(nat.get("name").asText() + " "
            + nat.at("/properties/frontendPort").asInt() + "->" + nat.at("/properties/backendPort").asInt()));
        assertThat(nats).containsExactly("hapair-nat-node1-api 8441->8443", "hapair-nat-node2-api 8442->8443",
            "hapair-nat-node1-ssh 221->22", "hapair-nat-node2-ssh 222->22");
    }

    @Test
    void applyJoinsEachNodesNicToThePoolAndItsOwnNatRulesAfterTheBalancerWrite() {
        pair.run().apply(plan -> true);

        List<LoggedRequest> nic1 = stub.writesTo(ArmStub.NIC1_PATH);
        assertThat(nic1).hasSize(1);
        assertThat(nic1.get(0).getHeader("If-Match")).isEqualTo("W/\"nic-nic-node1\"");
        JsonNode configuration = ArmStub.body(nic1.get(0)).at("/properties/ipConfigurations/0/properties");
        assertThat(ids(configuration.get("loadBalancerBackendAddressPools")))
            .containsExactly(LB_PATH + "/backendAddressPools/hapair-pool");
        assertThat(ids(configuration.get("loadBalancerInboundNatRules"))).containsExactlyInAnyOrder(
            LB_PATH + "/inboundNatRules/hapair-nat-node1-api", LB_PATH + "/inboundNatRules/hapair-nat-node1-ssh");
        assertThat(configuration.get("privateIPAddress").asText()).isEqualTo("10.0.1.4");
        LoggedRequest balancerPut = stub.writesTo(LB_PATH).get(0);
        assertThat(nic1.get(0).getLoggedDate()).isAfterOrEqualTo(balancerPut.getLoggedDate());
        assertThat(stub.writesTo(ArmStub.NIC2_PATH)).hasSize(1);
    }

    @Test
    void applyWritesTheSecurityRulesInOnePutAndKeepsOperatorRules() {
        stub.answer(ArmStub.NSG_PATH, ArmDocuments.securityGroup("W/\"nsg-1\"", ArmDocuments.securityRule(
            "operator-ssh", 300, "Allow", "Tcp", "10.9.0.0/16", "*", "22")));

        pair.run().apply(plan -> true);

        List<LoggedRequest> puts = stub.writesTo(ArmStub.NSG_PATH);
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).getHeader("If-Match")).isEqualTo("W/\"nsg-1\"");
        JsonNode rules = ArmStub.body(puts.get(0)).at("/properties/securityRules");
        assertThat(names(rules)).startsWith("operator-ssh", "hapair-allow-probe").hasSize(12);
        JsonNode probeRule = rules.get(1).get("properties");
        assertThat(probeRule.get("sourceAddressPrefix").asText()).isEqualTo("AzureLoadBalancer");
        assertThat(probeRule.get("destinationPortRange").asText()).isEqualTo("8444");
        assertThat(probeRule.get("priority").asInt()).isEqualTo(1000);
        assertThat(probeRule.get("access").asText()).isEqualTo("Allow");
        assertThat(probeRule.get("direction").asText()).isEqualTo("Inbound");
        JsonNode peerRule = rules.get(2).get("properties");
        assertThat(texts(peerRule.get("sourceAddressPrefixes"))).containsExactly("10.0.1.4", "10.0.1.5");
        assertThat(peerRule.get("destinationPortRange").asText()).isEqualTo("6973");
        assertThat(rules.get(3).at("/properties/access").asText()).isEqualTo("Deny");
    }

    @Test
    void aPortPublishedOverUdpAndTcpIsTwoRulesOnOneFrontendPortAndTwoAllowRules() {
        AzureFixture dns = new AzureFixture(arm.baseUrl(), Map.of("publishedPorts", "53/udp,53/tcp"));
        stub.emptyBalancerAndUnboundNics(dns);

        assertThat(dns.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        JsonNode rules = ArmStub.body(stub.writesTo(LB_PATH).get(0)).at("/properties/loadBalancingRules");
        List<String> sent = new ArrayList<>();
        rules.forEach(rule -> sent.add(rule.get("name").asText() + " " + rule.at("/properties/protocol").asText() + " "
            + rule.at("/properties/frontendPort").asInt() + "->" + rule.at("/properties/backendPort").asInt()));
        assertThat(sent).containsExactly("hapair-rule-tcp-8444 Tcp 8444->8444", "hapair-rule-udp-53 Udp 53->53",
            "hapair-rule-tcp-53 Tcp 53->53");
        JsonNode securityRules = ArmStub.body(stub.writesTo(ArmStub.NSG_PATH).get(0)).at("/properties/securityRules");
        List<String> allowed = new ArrayList<>();
        securityRules.forEach(rule -> allowed.add(rule.get("name").asText() + " "
            + rule.at("/properties/protocol").asText() + " " + rule.at("/properties/destinationPortRange").asText()));
        assertThat(allowed).contains("hapair-allow-udp-53 Udp 53", "hapair-allow-tcp-53 Tcp 53");

        stub.answer(LB_PATH, PairOnArm.balancer(dns.topology, "W/\"lb-2\""));
        stub.answer(ArmStub.NIC1_PATH, PairOnArm.boundNic(dns.topology, dns.topology.node1()));
        stub.answer(ArmStub.NIC2_PATH, PairOnArm.boundNic(dns.topology, dns.topology.node2()));
        stub.answer(ArmStub.NSG_PATH, PairOnArm.securityGroup(dns.topology, "W/\"nsg-2\""));
        int written = stub.writeCount();
        dns.output.clear();
        assertThat(dns.run().apply(plan -> true)).as(String.join("\n", dns.output)).isEqualTo(Outcome.CONVERGED);
        assertThat(stub.writeCount()).isEqualTo(written);
    }

    @Test
    void secondApplyOnConvergedLoadBalancerSendsNoPut() {
        stub.answer(LB_PATH, PairOnArm.balancer(pair.topology, "W/\"lb-2\""));
        stub.answer(ArmStub.NIC1_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node1()));
        stub.answer(ArmStub.NIC2_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node2()));
        stub.answer(ArmStub.NSG_PATH, PairOnArm.securityGroup(pair.topology, "W/\"nsg-2\""));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.CONVERGED);

        assertThat(stub.writeCount()).isZero();
        assertThat(pair.output).contains("nothing to do: the cloud side already matches the pair's topology");
    }

    @Test
    void driftedProbeIntervalIsOneUpdateInOnePut() {
        com.fasterxml.jackson.databind.node.ObjectNode drifted = PairOnArm.balancer(pair.topology, "W/\"lb-3\"");
        ((com.fasterxml.jackson.databind.node.ObjectNode) drifted.at("/properties/probes/0/properties"))
            .put("intervalInSeconds", 15);
        stub.answer(LB_PATH, drifted);
        stub.answer(ArmStub.NIC1_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node1()));
        stub.answer(ArmStub.NIC2_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node2()));
        stub.answer(ArmStub.NSG_PATH, PairOnArm.securityGroup(pair.topology, "W/\"nsg-2\""));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(pair.output).contains("~ update health probe hapair-health-probe: intervalSeconds 15 -> 5");
        assertThat(stub.writeCount()).isEqualTo(1);
        JsonNode sent = ArmStub.body(stub.writesTo(LB_PATH).get(0));
        assertThat(sent.at("/properties/probes/0/properties/intervalInSeconds").asInt()).isEqualTo(5);
        assertThat(sent.at("/properties/loadBalancingRules/0/properties/enableTcpReset").isBoolean())
            .as("fields the pair does not manage are sent back unchanged").isTrue();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
