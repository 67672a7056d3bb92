package io.hapair.cloud.topology;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.topology.SecurityRule.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PairTopologyTest {

    private final PairTopology topology = PairFixtures.topology();

    @Test
    void probeIsHttpOnTheCheckPortWithDesignTimings() {
        assertThat(topology.probe()).isEqualTo(
            new HealthProbe("hapair-health-probe", ProbeProtocol.HTTP, 8444, "/", 5, 2));
    }

    @Test
    void checkPortRuleComesFirstThenOneRulePerPublishedPort() {
        assertThat(topology.balancingRules())
            .extracting(BalancingRule::name, BalancingRule::frontendPort, BalancingRule::backendPort,
                BalancingRule::probe, BalancingRule::idleTimeoutMinutes, BalancingRule::floatingIp,
                BalancingRule::sessionPersistence)
            .containsExactly(
                tuple("hapair-rule-tcp-8444", 8444, 8444, "hapair-health-probe", 4, false, SessionPersistence.NONE),
                tuple("hapair-rule-tcp-443", 443, 443, "hapair-health-probe", 4, false, SessionPersistence.NONE));
    }

    @Test
    void aPortPublishedOverUdpAndTcpIsTwoAzureRulesAndOneNlbListenerForBoth() {
        List<PublishedPort> dns = List.of(new PublishedPort(53, Protocol.UDP), new PublishedPort(53, Protocol.TCP));
        PairTopology.Builder builder = PairTopology.builder().node1Address("10.0.1.4").node2Address("10.0.1.5")
            .publishedPorts(dns);
        assertThat(builder.shape(CloudShape.SHARED_POOL).build().balancingRules())
            .extracting(BalancingRule::name, BalancingRule::protocol, BalancingRule::frontendPort)
            .containsExactly(tuple("hapair-rule-tcp-8444", Protocol.TCP, 8444),
                tuple("hapair-rule-udp-53", Protocol.UDP, 53), tuple("hapair-rule-tcp-53", Protocol.TCP, 53));
        PairTopology aws = builder.shape(CloudShape.TARGET_GROUPS).build();
        assertThat(aws.balancingRules())
            .extracting(BalancingRule::name, BalancingRule::protocol, BalancingRule::frontendPort)
            .containsExactly(tuple("hapair-rule-tcp-8444", Protocol.TCP, 8444),
                tuple("hapair-rule-any-53", Protocol.ANY, 53));
        assertThat(aws.backendPools()).extracting(BackendPool::name)
            .containsExactly("hapair-rule-tcp-8444", "hapair-rule-any-53");
        assertThat(aws.securityRules()).extracting(SecurityRule::name)
            .contains("hapair-allow-udp-53", "hapair-allow-tcp-53");
    }

    @Test
    void aPortListedTwiceWithTheSameProtocolIsRefused() {
        PairTopology.Builder builder = PairTopology.builder().node1Address("10.0.1.4").node2Address("10.0.1.5")
            .publishedPorts(List.of(new PublishedPort(53, Protocol.UDP), new PublishedPort(53, Protocol.UDP)));
        assertThatThrownBy(builder::build).isInstanceOf(InvalidTopologyException.class)
            .hasMessage("publishedPorts: 53/udp is listed twice; list each port and protocol once; for TCP and UDP "
                + "on one port list both, e.g. 53/udp and 53/tcp");
    }

    @Test
    void aPublishedUdpPortIsRefusedOnAPortThePairUsesOverTcp() {
        PairTopology.Builder builder = PairTopology.builder().node1Address("10.0.1.4").node2Address("10.0.1.5")
            .publishedPorts(List.of(new PublishedPort(8441, Protocol.UDP)));
        assertThatThrownBy(builder::build).isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("publishedPorts: port 8441 is already used by node1.apiNatPort");
    }

    @Test
    void natRulesReachEachNodesUiAndSsh() {
        assertThat(topology.natRules())
            .extracting(NatRule::frontendPort, NatRule::target, NatRule::backendPort)
            .containsExactly(tuple(8441, "node1", 8443), tuple(8442, "node2", 8443),
                tuple(221, "node1", 22), tuple(222, "node2", 22));
    }

    @Test
    void backendPoolHoldsBothNodes() {
        assertThat(topology.backendPool().members()).containsExactly("node1", "node2");
    }

    @Test
    void securityRulesAllowProbesManagementAndPublishedPortsAndKeepThePeerPortBetweenTheNodes() {
        List<String> nodes = List.of(PairFixtures.NODE1_ADDRESS, PairFixtures.NODE2_ADDRESS);
        assertThat(topology.securityRules())
            .extracting(SecurityRule::name, SecurityRule::priority, SecurityRule::access, SecurityRule::sources,
                SecurityRule::destinationPorts)
            .containsExactly(
                tuple("hapair-allow-probe", 1000, Access.ALLOW, List.of("AzureLoadBalancer"), List.of("8444")),
                tuple("hapair-allow-peer", 1001, Access.ALLOW, nodes, List.of("6973")),
                tuple("hapair-deny-peer-others", 1002, Access.DENY, List.of("*"), List.of("6973")),
                tuple("hapair-allow-tcp-8443", 1003, Access.ALLOW, List.of("VirtualNetwork"), List.of("8443")),
                tuple("hapair-allow-tcp-8441", 1004, Access.ALLOW, List.of("VirtualNetwork"), List.of("8441")),
                tuple("hapair-allow-tcp-8442", 1005, Access.ALLOW, List.of("VirtualNetwork"), List.of("8442")),
                tuple("hapair-allow-tcp-8444", 1006, Access.ALLOW, List.of("VirtualNetwork"), List.of("8444")),
                tuple("hapair-allow-tcp-22", 1007, Access.ALLOW, List.of("VirtualNetwork"), List.of("22")),
                tuple("hapair-allow-tcp-221", 1008, Access.ALLOW, List.of("VirtualNetwork"), List.of("221")),
                tuple("hapair-allow-tcp-222", 1009, Access.ALLOW, List.of("VirtualNetwork"), List.of("222")),
                tuple("hapair-allow-tcp-443", 1010, Access.ALLOW, List.of("VirtualNetwork"), List.of("443")));
        assertThat(topology.securityRules()).allSatisfy(rule -> assertThat(rule.destinations()).isEqualTo(nodes));
        assertThat(topology.securityRules()).filteredOn(rule -> rule.destinationPorts().equals(List.of("6973")))
            .extracting(SecurityRule::protocol).as("TCP for the TLS link, UDP for the heartbeat datagrams")
            .containsOnly(Protocol.ANY);
    }

    @Test
    void targetGroupCloudGetsAPoolAndProbePerRuleWithDrainSuccessCodesAndBothThresholds() {
        PairTopology aws = PairFixtures.topology(CloudShape.TARGET_GROUPS);

        assertThat(aws.backendPools()).containsExactly(
            new BackendPool("hapair-rule-tcp-8444", List.of("node1", "node2"), Optional.of(new Drain(5, true))),
            new BackendPool("hapair-rule-tcp-443", List.of("node1", "node2"), Optional.of(new Drain(5, true))));
        assertThat(aws.probes()).containsExactly(
            new HealthProbe("hapair-rule-tcp-8444", ProbeProtocol.HTTP, 8444, "/", 5, 2, 2, "200"),
            new HealthProbe("hapair-rule-tcp-443", ProbeProtocol.HTTP, 8444, "/", 5, 2, 2, "200"));
        assertThat(aws.balancingRules())
            .extracting(BalancingRule::name, BalancingRule::probe, BalancingRule::backendPool,
                BalancingRule::idleTimeoutMinutes)
            .containsExactly(tuple("hapair-rule-tcp-8444", "hapair-rule-tcp-8444", "hapair-rule-tcp-8444", 0),
                tuple("hapair-rule-tcp-443", "hapair-rule-tcp-443", "hapair-rule-tcp-443", 0));
        assertThat(aws.natRules()).extracting(NatRule::name, NatRule::frontendPort, NatRule::backendPort,
                NatRule::target)
            .isEqualTo(topology.natRules().stream().map(nat -> tuple(nat.name(), nat.frontendPort(),
                nat.backendPort(), nat.target())).toList());
        assertThat(aws.natRules().get(3).healthCheck()).as("a management group's own check: TCP on its port")
            .contains(new HealthProbe("hapair-nat-node2-ssh", ProbeProtocol.TCP, 22, "", 5, 2, 2, ""));
        assertThat(aws.natRules()).allSatisfy(nat -> assertThat(nat.drain()).contains(new Drain(5, true)));
        assertThat(topology.natRules()).as("Azure's NAT rules have neither")
            .allSatisfy(nat -> assertThat(nat.healthCheck().isEmpty() && nat.drain().isEmpty()).isTrue());
    }

    @Test
    void allowOnlyFirewallGetsUnorderedAllowsAndOpensThePeerPortToTheNodesGroupOnly() {
        PairTopology aws = PairFixtures.topology(CloudShape.TARGET_GROUPS);

        assertThat(aws.securityRules())
            .extracting(SecurityRule::name, SecurityRule::priority, SecurityRule::access, SecurityRule::sources)
            .startsWith(
                tuple("hapair-allow-probe", 0, Access.ALLOW, List.of("10.0.0.0/24", "10.0.2.0/24")),
                tuple("hapair-allow-peer", 0, Access.ALLOW, List.of(SecurityRule.PAIR_NODES)),
                tuple("hapair-allow-peer-udp", 0, Access.ALLOW, List.of(SecurityRule.PAIR_NODES)),
                tuple("hapair-allow-tcp-8443", 0, Access.ALLOW, List.of("10.0.0.0/16")))
            .hasSize(topology.securityRules().size());
        assertThat(aws.securityRules()).filteredOn(rule -> rule.name().startsWith("hapair-allow-peer"))
            .extracting(SecurityRule::protocol).as("the TLS link and the heartbeat datagrams")
            .containsExactly(Protocol.TCP, Protocol.UDP);
        assertThat(aws.securityRules()).noneMatch(rule -> rule.access() == Access.DENY);
        assertThat(aws.securityRules().get(0).summary())
            .isEqualTo("INBOUND ALLOW TCP from 10.0.0.0/24,10.0.2.0/24 to 10.0.1.4,10.0.1.5 port 8444");
    }

    @Test
    void monitoringSourcesGetTheSnmpPortOverUdpOnBothNodesBeforeThePublishedPortsAndNoSourcesNoRule() {
        List<String> nodes = List.of(PairFixtures.NODE1_ADDRESS, PairFixtures.NODE2_ADDRESS);
        PairTopology monitored = PairTopology.builder().node1Address(PairFixtures.NODE1_ADDRESS)
            .node2Address(PairFixtures.NODE2_ADDRESS).publishedPorts(List.of(new PublishedPort(443, Protocol.TCP)))
            .monitoringSources(List.of("10.9.0.0/24", "10.9.1.7/32")).snmpPort(1161).build();

        assertThat(monitored.securityRules()).extracting(SecurityRule::name, SecurityRule::priority)
            .endsWith(tuple("hapair-allow-snmp", 1010), tuple("hapair-allow-tcp-443", 1011));
        SecurityRule snmp = monitored.securityRules().get(10);
        assertThat(snmp.summary())
            .isEqualTo("1010 INBOUND ALLOW UDP from 10.9.0.0/24,10.9.1.7/32 to " + String.join(",", nodes) + " port 1161");
        assertThat(topology.monitoringSources()).as("none by default").isEmpty();
        assertThat(topology.snmpPort()).isEqualTo(161);
        assertThat(topology.securityRules()).extracting(SecurityRule::name).doesNotContain("hapair-allow-snmp");
    }

    @Test
    void everyPartCarriesThePrefixSoTheAdaptersKnowTheyOwnIt() {
        PairTopology custom = PairTopology.builder().namePrefix("lb7-").node1Address("10.1.0.4")
            .node2Address("10.1.0.5").build();
        assertThat(custom.parts()).isNotEmpty().allSatisfy(part -> assertThat(part.name()).startsWith("lb7-"));
        assertThat(custom.owns("lb7-pool")).isTrue();
        assertThat(custom.owns("backend")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "node1.address            | missing",
        "node2.address            | not an IPv4 address",
        "namePrefix               | not a usable name prefix",
        "publishedPorts           | already used by healthCheckPort",
        "node2.apiNatPort         | already used by node1.apiNatPort",
        "probe.intervalSeconds    | out of range",
        "firstSecurityPriority    | would end at priority",
        "snmpPort                 | out of range",
    })
    void badInputNamesTheFieldAndTheFix(String field, String problem) {
        UnaryOperator<PairTopology.Builder> breakIt = switch (field) {
            case "node1.address" -> b -> b.node1Address(null);
            case "node2.address" -> b -> b.node2Address("10.0.1.x");
            case "namePrefix" -> b -> b.namePrefix("-bad prefix");
            case "publishedPorts" -> b -> b.publishedPorts(List.of(new PublishedPort(8444, Protocol.TCP)));
            case "node2.apiNatPort" -> b -> b.node2ApiNatPort(8441);
            case "probe.intervalSeconds" -> b -> b.probeIntervalSeconds(1);
            case "firstSecurityPriority" -> b -> b.firstSecurityPriority(4090);
            case "snmpPort" -> b -> b.snmpPort(70_000);
            default -> throw new IllegalArgumentException(field);
        };
        PairTopology.Builder builder = PairTopology.builder().node1Address("10.0.1.4").node2Address("10.0.1.5");
        assertThatThrownBy(() -> breakIt.apply(builder).build())
            .isInstanceOfSatisfying(InvalidTopologyException.class, e -> assertThat(e.field()).isEqualTo(field))
            .hasMessageStartingWith(field + ": ")
            .hasMessageContaining(problem)
            .hasMessageContaining("; ");
    }
}
