package io.hapair.cloud.diagnose;

import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a live setup for the misconfigurations that make cloud HA fail and says, for each, how to
 * fix it. Pure: it works on what an adapter observed and, when the nodes could be asked, on the
 * health-check port each node reports and the ports its virtual services listen on.
 */
public final class PairDiagnosis {

    private PairDiagnosis() {
    }

    /**
     * @param reportedCheckPorts each node's configured health-check port by node name; a node that
     *                           could not be asked is simply absent
     * @param virtualServices    the ports a node's enabled virtual services listen on; empty when no
     *                           node was asked for them
     */
    public static List<Finding> diagnose(PairTopology topology, ObservedPair observed, NetworkFacts facts,
                                         Map<String, Integer> reportedCheckPorts,
                                         List<VirtualServicePort> virtualServices) {
        Map<PublishedPort, List<String>> served = servedPorts(virtualServices);
        List<Finding> findings = new ArrayList<>();
        findings.addAll(checkPortsOfNodes(topology, reportedCheckPorts));
        findings.addAll(BalancerChecks.run(topology, observed, served));
        findings.addAll(SecurityChecks.run(topology, observed, facts, served));
        return findings;
    }

    /**
     * A node's SNMP agent, answering on UDP {@code agentPort}, against the topology: the managers' rule must open the
     * agent's port, and a firewall that denies what it does not allow (an AWS security group) admits no manager
     * without monitoring sources. Azure's NSGs admit the virtual network by their default rules.
     */
    public static Optional<Finding> snmpAgent(PairTopology topology, int agentPort) {
        String subject = "SNMP agent (UDP " + agentPort + ")";
        if (!topology.monitoringSources().isEmpty() && topology.snmpPort() != agentPort) {
            return Optional.of(new Finding(Check.SNMP_NOT_ADMITTED, subject, "the topology's snmpPort is "
                + topology.snmpPort() + ", so the managers' rule opens another port than the agent answers on",
                "set snmpPort to " + agentPort + " (the Terraform module's snmp_port) and run `hanode cloud apply`"));
        }
        if (topology.monitoringSources().isEmpty() && topology.shape() == CloudShape.TARGET_GROUPS) {
            return Optional.of(new Finding(Check.SNMP_NOT_ADMITTED, subject, "the topology names no monitoringSources,"
                + " so the pair's security group, which denies what it does not allow, admits no SNMP manager",
                "give the managers' prefixes or groups as monitoringSources (the Terraform module's"
                    + " monitoring_cidr_blocks) and run `hanode cloud apply`"));
        }
        return Optional.empty();
    }

    /** The virtual services' names by port: services on one port but different addresses share a rule. */
    private static Map<PublishedPort, List<String>> servedPorts(List<VirtualServicePort> virtualServices) {
        Map<PublishedPort, List<String>> served = new LinkedHashMap<>();
        virtualServices.forEach(service -> served.computeIfAbsent(service.port(), port -> new ArrayList<>())
            .add(service.name()));
        return served;
    }

    /** How findings name the virtual services on one port, e.g. "virtual service web (443/tcp)". */
    static String subject(PublishedPort port, List<String> names) {
        return (names.size() == 1 ? "virtual service " : "virtual services ") + String.join(", ", names) + " ("
            + port + ")";
    }

    private static List<Finding> checkPortsOfNodes(PairTopology topology, Map<String, Integer> reported) {
        Integer first = reported.get(topology.node1().name());
        Integer second = reported.get(topology.node2().name());
        if (first != null && second != null && !first.equals(second)) {
            return List.of(new Finding(Check.CHECK_PORTS_DIFFER, "node1 and node2",
                "node1 answers health checks on port " + first + " but node2 on " + second
                    + ", and the balancer probes one port only",
                "set the same HA Check Port on both nodes (Cloud HA Parameters)"));
        }
        List<Finding> findings = new ArrayList<>();
        reported.forEach((node, port) -> {
            if (port != topology.healthCheckPort()) {
                findings.add(new Finding(Check.CHECK_PORTS_DIFFER, node,
                    "answers health checks on port " + port + " but the topology's probe uses "
                        + topology.healthCheckPort(),
                    "set healthCheckPort: " + port + " in the topology, or the node's HA Check Port to "
                        + topology.healthCheckPort()));
            }
        });
        return findings;
    }
}
