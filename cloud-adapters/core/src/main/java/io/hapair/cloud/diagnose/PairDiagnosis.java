package io.hapair.cloud.diagnose;

import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.PairTopology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a live setup for the misconfigurations that make cloud HA fail and says, for each, how to
 * fix it. Pure: it works on what an adapter observed and, when the nodes could be asked, on the
 * health-check port each node reports.
 */
public final class PairDiagnosis {

    private PairDiagnosis() {
    }

    /**
     * @param reportedCheckPorts each node's configured health-check port by node name; a node that
     *                           could not be asked is simply absent
     */
    public static List<Finding> diagnose(PairTopology topology, ObservedPair observed, NetworkFacts facts,
                                         Map<String, Integer> reportedCheckPorts) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(checkPortsOfNodes(topology, reportedCheckPorts));
        findings.addAll(BalancerChecks.run(topology, observed));
        findings.addAll(SecurityChecks.run(topology, observed, facts));
        return findings;
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
