package io.hapair.cloud;

import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;

import java.util.List;
import java.util.Set;

/** The one place tests get a pair topology and observed states from. */
public final class PairFixtures {

    public static final String NODE1_ADDRESS = "10.0.1.4";
    public static final String NODE2_ADDRESS = "10.0.1.5";

    private PairFixtures() {
    }

    /** Defaults plus one published port, 443/TCP. */
    public static PairTopology topology() {
        return PairTopology.builder().node1Address(NODE1_ADDRESS).node2Address(NODE2_ADDRESS)
            .publishedPorts(List.of(new PublishedPort(443, Protocol.TCP))).build();
    }

    /** Everything the topology wants already exists, next to Azure's built-in security rules. */
    public static ObservedPair converged(PairTopology topology) {
        return new ObservedPair(List.of(topology.backendPool()), List.of(topology.probe()),
            topology.balancingRules(), topology.natRules(), topology.securityRules(), azureDefaultRules());
    }

    /** Azure's default inbound rules, as every network security group has them. */
    public static List<SecurityRule> azureDefaultRules() {
        return List.of(
            new SecurityRule("AllowVnetInBound", 65000, Direction.INBOUND, Access.ALLOW, Protocol.ANY,
                List.of("VirtualNetwork"), List.of("VirtualNetwork"), List.of("*")),
            new SecurityRule("AllowAzureLoadBalancerInBound", 65001, Direction.INBOUND, Access.ALLOW, Protocol.ANY,
                List.of("AzureLoadBalancer"), List.of("*"), List.of("*")),
            new SecurityRule("DenyAllInBound", 65500, Direction.INBOUND, Access.DENY, Protocol.ANY,
                List.of("*"), List.of("*"), List.of("*")));
    }

    public static NetworkFacts azureFacts() {
        return new NetworkFacts("168.63.129.16", Set.of("AzureLoadBalancer"), Set.of("VirtualNetwork"));
    }
}
