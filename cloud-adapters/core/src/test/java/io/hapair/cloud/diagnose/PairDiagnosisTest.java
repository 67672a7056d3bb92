package io.hapair.cloud.diagnose;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;
import io.hapair.cloud.topology.SessionPersistence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PairDiagnosisTest {

    private final PairTopology topology = PairFixtures.topology();
    private final ObservedPair converged = PairFixtures.converged(topology);

    @Test
    void convergedPairHasNoFindings() {
        assertThat(diagnose(converged)).isEmpty();
    }

    @Test
    void tcpProbeIsReportedBecauseTheStandbyWouldLookHealthy() {
        List<Finding> findings = diagnose(withProbe(new HealthProbe("hapair-health-probe", ProbeProtocol.TCP, 8444,
            "", 5, 2)));

        assertThat(findings).extracting(Finding::check).containsExactly(Check.PROBE_NOT_HTTP);
        assertThat(findings.get(0).problem()).contains("both nodes look healthy");
        assertThat(findings.get(0).fix()).contains("HTTP probe on port 8444 with path /");
    }

    @Test
    void probeOnAnotherPortAndPathIsReportedWithBothFixes() {
        List<Finding> findings = diagnose(withProbe(new HealthProbe("hapair-health-probe", ProbeProtocol.HTTP, 80,
            "/health", 5, 2)));

        assertThat(findings).extracting(Finding::check)
            .containsExactly(Check.PROBE_WRONG_PORT, Check.PROBE_WRONG_PATH);
        assertThat(findings.get(0).fix()).contains("set the probe's port to 8444");
    }

    @Test
    void ruleWithoutProbeAndWithFloatingIpAreReported() {
        BalancingRule broken = new BalancingRule("hapair-rule-tcp-8444", Protocol.TCP, 8444, 8444, "", "hapair-pool",
            4, true, SessionPersistence.NONE);
        List<BalancingRule> rules = new ArrayList<>(converged.balancingRules());
        rules.set(0, broken);

        List<Finding> findings = diagnose(new ObservedPair(converged.pools(), converged.probes(), rules,
            converged.natRules(), converged.securityRules(), converged.builtInSecurityRules()));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.FLOATING_IP_ON, "rule hapair-rule-tcp-8444"),
            tuple(Check.RULE_WITHOUT_PROBE, "rule hapair-rule-tcp-8444"));
    }

    @Test
    void missingCheckPortRuleIsReported() {
        List<BalancingRule> rules = converged.balancingRules().subList(1, 2);

        List<Finding> findings = diagnose(new ObservedPair(converged.pools(), converged.probes(), rules,
            converged.natRules(), converged.securityRules(), converged.builtInSecurityRules()));

        assertThat(findings).extracting(Finding::check).containsExactly(Check.CHECK_RULE_MISSING);
    }

    @Test
    void nodeMissingFromThePoolIsReported() {
        List<Finding> findings = diagnose(new ObservedPair(List.of(new BackendPool("hapair-pool", List.of("node1"))),
            converged.probes(), converged.balancingRules(), converged.natRules(), converged.securityRules(),
            converged.builtInSecurityRules()));

        assertThat(findings).extracting(Finding::check, Finding::subject)
            .containsExactly(tuple(Check.NODE_NOT_IN_POOL, "node2 (10.0.1.5)"));
    }

    @Test
    void missingAndMisdirectedNatRulesAreReported() {
        List<NatRule> nats = List.of(
            new NatRule("hand-made-8441", Protocol.TCP, 8441, 8443, "node2"),
            converged.natRules().get(1), converged.natRules().get(2));

        List<Finding> findings = diagnose(new ObservedPair(converged.pools(), converged.probes(),
            converged.balancingRules(), nats, converged.securityRules(), converged.builtInSecurityRules()));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.NAT_RULE_WRONG, "NAT rule hand-made-8441"),
            tuple(Check.NAT_RULE_MISSING, "port 222"));
        assertThat(findings.get(0).problem()).contains("leads to node2:8443, expected TCP to node1:8443");
    }

    @Test
    void operatorRuleDenyingTheProbeSourceIsReportedForBothNodes() {
        List<Finding> findings = diagnose(withOperatorRule(new SecurityRule("deny-lb", 500, Direction.INBOUND,
            Access.DENY, Protocol.ANY, List.of("168.63.129.16/32"), List.of("*"), List.of("8000-9000"))));

        assertThat(findings).extracting(Finding::check).containsExactly(Check.PROBE_BLOCKED, Check.PROBE_BLOCKED);
        assertThat(findings.get(0).problem()).startsWith("security rule deny-lb (priority 500) blocks the balancer's");
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 8444 from AzureLoadBalancer with a lower priority "
            + "number than security rule deny-lb (hanode cloud apply adds one)");
    }

    @Test
    void peerPortDeniedBetweenNodesIsReportedInBothDirections() {
        List<Finding> findings = diagnose(withOperatorRule(new SecurityRule("deny-vnet", 200, Direction.INBOUND,
            Access.DENY, Protocol.TCP, List.of("VirtualNetwork"), List.of("VirtualNetwork"), List.of("6973"))));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (TCP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (TCP 6973)"));
    }

    @Test
    void udpPeerPortDeniedBetweenNodesIsReportedThoughTcpPasses() {
        List<Finding> findings = diagnose(withOperatorRule(new SecurityRule("deny-udp", 200, Direction.INBOUND,
            Access.DENY, Protocol.UDP, List.of("*"), List.of("*"), List.of("6973"))));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (UDP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (UDP 6973)"));
        assertThat(findings.get(0).problem()).startsWith("security rule deny-udp (priority 200) blocks the peer link "
            + "(UDP 6973 from 10.0.1.4 to 10.0.1.5)");
    }

    @Test
    void subnetGroupBlockingTheProbesIsAFindingNamingThatGroupAndItsFix() {
        SecurityLayer subnetGroup = new SecurityLayer("network security group nsg-subnet on subnet snet-nodes",
            Set.of("node1", "node2"), List.of(new SecurityRule("deny-all-in", 100, Direction.INBOUND, Access.DENY,
                Protocol.ANY, List.of("*"), List.of("*"), List.of("*"))));

        List<Finding> findings = PairDiagnosis.diagnose(topology, converged,
            PairFixtures.azureFacts().withLayers(List.of(subnetGroup)), Map.of(), List.of());

        assertThat(findings).extracting(Finding::check).containsOnly(Check.PROBE_BLOCKED, Check.PEER_PORT_BLOCKED)
            .hasSize(6);
        assertThat(findings.get(0).problem()).startsWith("network security group nsg-subnet on subnet snet-nodes: "
            + "security rule deny-all-in (priority 100) blocks the balancer's probes");
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 8444 from AzureLoadBalancer in network security group "
            + "nsg-subnet on subnet snet-nodes with a lower priority number than security rule deny-all-in; hanode "
            + "cloud apply changes only the pair's own security group, so add it there by hand");
    }

    @Test
    void anotherGroupGuardingOneNodeOnlyBlocksTrafficToThatNode() {
        SecurityLayer nicGroup = new SecurityLayer("network security group nsg-nic2 on network interface nic-node2",
            Set.of("node2"), List.of());

        List<Finding> findings = PairDiagnosis.diagnose(topology, converged,
            PairFixtures.azureFacts().withLayers(List.of(nicGroup)), Map.of(), List.of());

        assertThat(findings).extracting(Finding::subject).containsExactly("node2 (10.0.1.5)",
            "node1 -> node2 (TCP 6973)", "node1 -> node2 (UDP 6973)");
        assertThat(findings.get(0).problem()).startsWith("network security group nsg-nic2 on network interface "
            + "nic-node2: no rule allowing it (the implicit deny) blocks");
    }

    @Test
    void implicitDenyCountsAsBlocking() {
        ObservedPair noRulesAtAll = new ObservedPair(converged.pools(), converged.probes(),
            converged.balancingRules(), converged.natRules(), List.of(), List.of());

        List<Finding> findings = diagnose(noRulesAtAll);

        assertThat(findings).extracting(Finding::check).containsOnly(Check.PROBE_BLOCKED,
            Check.PEER_PORT_BLOCKED).hasSize(6);
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 8444 from AzureLoadBalancer (hanode cloud apply adds one)");
    }

    @Test
    void nodesReportingDifferentCheckPortsAreReported() {
        List<Finding> findings = PairDiagnosis.diagnose(topology, converged, PairFixtures.azureFacts(),
            Map.of("node1", 8444, "node2", 9444), List.of());

        assertThat(findings).extracting(Finding::check).containsExactly(Check.CHECK_PORTS_DIFFER);
        assertThat(findings.get(0).problem()).contains("8444").contains("9444");
    }

    private List<Finding> diagnose(ObservedPair observed) {
        return PairDiagnosis.diagnose(topology, observed, PairFixtures.azureFacts(), Map.of(), List.of());
    }

    private ObservedPair withProbe(HealthProbe probe) {
        return new ObservedPair(converged.pools(), List.of(probe), converged.balancingRules(), converged.natRules(),
            converged.securityRules(), converged.builtInSecurityRules());
    }

    private ObservedPair withOperatorRule(SecurityRule rule) {
        List<SecurityRule> rules = new ArrayList<>(converged.securityRules());
        rules.add(rule);
        return new ObservedPair(converged.pools(), converged.probes(), converged.balancingRules(),
            converged.natRules(), rules, converged.builtInSecurityRules());
    }
}
