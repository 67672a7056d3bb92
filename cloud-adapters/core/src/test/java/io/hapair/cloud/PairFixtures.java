package io.hapair.cloud;

import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.CloudShape;
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
    /** Where an AWS NLB in subnets 10.0.0.0/24 and 10.0.2.0/24 probes from. */
    public static final List<String> NLB_ADDRESSES = List.of("10.0.0.37", "10.0.2.52");

    private PairFixtures() {
    }

    /** Defaults plus one published port, 443/TCP, in Azure's shape. */
    public static PairTopology topology() {
        return topology(CloudShape.SHARED_POOL);
    }

    /** Defaults plus one published port; an AWS-shaped pair names its sources by CIDR, as AWS has no tags. */
    public static PairTopology topology(CloudShape shape) {
        return topology(shape, List.of(new PublishedPort(443, Protocol.TCP)));
    }

    /** Defaults plus these published ports, in the given shape. */
    public static PairTopology topology(CloudShape shape, List<PublishedPort> published) {
        PairTopology.Builder builder = PairTopology.builder().shape(shape).node1Address(NODE1_ADDRESS)
            .node2Address(NODE2_ADDRESS).publishedPorts(published);
        if (shape == CloudShape.TARGET_GROUPS) {
            builder.clientSources(List.of("10.0.0.0/16")).probeSources(List.of("10.0.0.0/24", "10.0.2.0/24"));
        }
        return builder.build();
    }

    /** Everything the topology wants already exists, next to the cloud's built-in security rules. */
    public static ObservedPair converged(PairTopology topology) {
        return new ObservedPair(topology.backendPools(), topology.probes(), topology.balancingRules(),
            topology.natRules(), topology.securityRules(),
            topology.shape() == CloudShape.SHARED_POOL ? azureDefaultRules() : List.of());
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
        return new NetworkFacts(List.of("168.63.129.16"), Set.of("AzureLoadBalancer"), Set.of("VirtualNetwork"));
    }

    /** An NLB without security groups; the nodes share security group sg-0a1b2c3d4e5f60718. */
    public static NetworkFacts awsFacts() {
        return new NetworkFacts(NLB_ADDRESSES, Set.of(), Set.of(SecurityRule.PAIR_NODES, "sg-0a1b2c3d4e5f60718"));
    }

    /** The facts that go with a topology's shape. */
    public static NetworkFacts facts(PairTopology topology) {
        return topology.shape() == CloudShape.SHARED_POOL ? azureFacts() : awsFacts();
    }
}
