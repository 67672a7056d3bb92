package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.PairDiagnosis;
import io.hapair.cloud.run.CloudRun.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.azure.ArmDocuments.LB_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AzureDiagnoseTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ArmStub stub = new ArmStub(arm);
    private AzureFixture pair;

    @BeforeEach
    void pairWiredAsItsTopologySays() {
        pair = new AzureFixture(arm.baseUrl(), Map.of());
        stub.answer(LB_PATH, PairOnArm.balancer(pair.topology, "W/\"lb-1\""));
        stub.answer(ArmStub.NIC1_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node1()));
        stub.answer(ArmStub.NIC2_PATH, PairOnArm.boundNic(pair.topology, pair.topology.node2()));
        stub.answer(ArmStub.NSG_PATH, PairOnArm.securityGroup(pair.topology, "W/\"nsg-1\""));
        stub.answer(ArmDocuments.SUBNET_ID, ArmDocuments.subnet(null));
    }

    @Test
    void correctlyWiredPairHasNoProblems() {
        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);
        assertThat(pair.output).last().isEqualTo("no problems found");
    }

    /** A balancer set up by hand the way cloud HA breaks, with rules of other names than ours. */
    @Test
    void handMadeSetupShowsEveryMisconfigurationWithItsFix() {
        ObjectNode lb = ArmDocuments.loadBalancer("W/\"lb-1\"");
        ArmDocuments.add(lb, "backendAddressPools", ArmDocuments.pool("be-lb"));
        ArmDocuments.add(lb, "probes", ArmDocuments.probe("probe-lb", "Tcp", 80, null, 15, 2));
        ArmDocuments.add(lb, "loadBalancingRules", ArmDocuments.rule("rule-8444", 8444, "probe-lb", "be-lb", true),
            ArmDocuments.rule("rule-443", 443, null, "be-lb", false));
        ArmDocuments.add(lb, "inboundNatRules", ArmDocuments.nat("nat-8441", 8441, 8443, "nic-node2"));
        stub.answer(LB_PATH, lb);
        stub.answer(ArmStub.NIC1_PATH, ArmDocuments.nic("nic-node1", "10.0.1.4", List.of("be-lb"), List.of()));
        stub.answer(ArmStub.NIC2_PATH, ArmDocuments.nic("nic-node2", "10.0.1.5", List.of(), List.of("nat-8441")));
        stub.answer(ArmStub.NSG_PATH, ArmDocuments.securityGroup("W/\"nsg-1\"",
            ArmDocuments.securityRule("deny-lb-probes", 100, "Deny", "*", "AzureLoadBalancer", "*", "8444"),
            ArmDocuments.securityRule("deny-sync", 110, "Deny", "Tcp", "VirtualNetwork", "VirtualNetwork", "6973")));

        List<Finding> findings = diagnose();

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.FLOATING_IP_ON, "rule rule-8444"),
            tuple(Check.PROBE_NOT_HTTP, "probe probe-lb"),
            tuple(Check.PROBE_WRONG_PORT, "probe probe-lb"),
            tuple(Check.NODE_NOT_IN_POOL, "node2 (10.0.1.5)"),
            tuple(Check.RULE_WITHOUT_PROBE, "rule rule-443"),
            tuple(Check.NAT_RULE_WRONG, "NAT rule nat-8441"),
            tuple(Check.NAT_RULE_MISSING, "port 8442"),
            tuple(Check.NAT_RULE_MISSING, "port 221"),
            tuple(Check.NAT_RULE_MISSING, "port 222"),
            tuple(Check.PROBE_BLOCKED, "node1 (10.0.1.4)"),
            tuple(Check.PROBE_BLOCKED, "node2 (10.0.1.5)"),
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (TCP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (TCP 6973)"));
        assertThat(findings).allSatisfy(finding -> assertThat(finding.fix()).isNotBlank());
        assertThat(findings.get(9).problem()).startsWith("security rule deny-lb-probes (priority 100) blocks the "
            + "balancer's probes (AzureLoadBalancer 168.63.129.16) to port 8444");
    }

    @Test
    void probePathOtherThanRootIsReported() {
        ObjectNode lb = PairOnArm.balancer(pair.topology, "W/\"lb-1\"");
        ((ObjectNode) lb.at("/properties/probes/0/properties")).put("requestPath", "/healthz");
        stub.answer(LB_PATH, lb);

        assertThat(diagnose()).extracting(Finding::check, Finding::problem).containsExactly(
            tuple(Check.PROBE_WRONG_PATH, "asks for path /healthz, but only / answers 200 on the active node"));
    }

    @Test
    void missingCheckPortRuleIsReportedAndDiagnoseSaysProblemsWereFound() {
        ObjectNode lb = PairOnArm.balancer(pair.topology, "W/\"lb-1\"");
        lb.withArray("/properties/loadBalancingRules").remove(0);
        stub.answer(LB_PATH, lb);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);
        assertThat(pair.printed()).contains("port 8444: no load-balancing rule on the health-check port")
            .contains("fix: run `hanode cloud apply` or add a TCP rule 8444 -> 8444 with the HTTP probe");
    }

    @Test
    void probeWithoutProbeThresholdIsReportedWithItsFix() {
        ObjectNode lb = PairOnArm.balancer(pair.topology, "W/\"lb-1\"");
        ((ObjectNode) lb.at("/properties/probes/0/properties")).remove("probeThreshold");
        stub.answer(LB_PATH, lb);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);

        assertThat(pair.printed()).contains("probe hapair-health-probe: probeThreshold 1 (unset: ARM's default), "
                + "numberOfProbes 2: the balancer takes a node out after 1 failed probe(s) in a row (5 s) and back after "
                + "as many passed ones, where the pair's failover timing expects 2")
            .contains("fix: set probeThreshold and numberOfProbes to 2 (`hanode cloud apply` writes both)");
    }

    @Test
    void numberOfProbesDifferingAloneIsAWarning() {
        ObjectNode lb = PairOnArm.balancer(pair.topology, "W/\"lb-1\"");
        ((ObjectNode) lb.at("/properties/probes/0/properties")).put("numberOfProbes", 4);
        stub.answer(LB_PATH, lb);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);

        assertThat(pair.printed()).contains("warning: probe hapair-health-probe: probeThreshold 2, numberOfProbes 4: "
            + "numberOfProbes, the older setting that probeThreshold replaced, differs from the pair's 2");
    }

    @Test
    void probeThatFailsOpenIsWarnedAbout() {
        ObjectNode lb = PairOnArm.balancer(pair.topology, "W/\"lb-1\"");
        ((ObjectNode) lb.at("/properties/probes/0/properties")).put("noHealthyBackendsBehavior", "AllProbedUp");
        stub.answer(LB_PATH, lb);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);
        assertThat(pair.printed()).contains("warning: probe hapair-health-probe: noHealthyBackendsBehavior is "
            + "AllProbedUp: when both nodes fail this probe, the balancer sends traffic to both (fail-open)")
            .contains("fix: set noHealthyBackendsBehavior to AllProbedDown");
    }

    @Test
    void subnetGroupThatBlocksThePeerLinkIsFoundThoughTheNicGroupAllowsIt() {
        String subnetGroup = ArmDocuments.NETWORK + "/networkSecurityGroups/nsg-subnet";
        stub.answer(ArmDocuments.SUBNET_ID, ArmDocuments.subnet(subnetGroup));
        stub.answer(subnetGroup, ArmDocuments.securityGroup("nsg-subnet", "W/\"s-1\"",
            ArmDocuments.securityRule("deny-heartbeats", 300, "Deny", "Udp", "*", "*", "6973")));

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);

        assertThat(pair.printed()).contains("node1 -> node2 (UDP 6973): network security group nsg-subnet on subnet "
                + "snet-nodes: security rule deny-heartbeats (priority 300) blocks the peer link (UDP 6973 from 10.0.1.4 "
                + "to 10.0.1.5): the heartbeat datagrams are lost")
            .contains("fix: allow UDP 6973 between 10.0.1.4 and 10.0.1.5 in network security group nsg-subnet on "
                + "subnet snet-nodes with a lower priority number than security rule deny-heartbeats; hanode cloud "
                + "apply changes only the pair's own security group, so add it there by hand")
            .contains("node2 -> node1 (UDP 6973)")
            .doesNotContain("(TCP 6973)");
    }

    private List<Finding> diagnose() {
        var adapter = pair.adapter();
        return PairDiagnosis.diagnose(pair.topology, adapter.observe(), adapter.networkFacts(), Map.of(),
            List.of());
    }
}
