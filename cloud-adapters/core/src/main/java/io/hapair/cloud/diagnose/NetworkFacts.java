package io.hapair.cloud.diagnose;

import java.util.List;
import java.util.Set;

/**
 * Cloud facts that security-rule diagnostics need. {@code probeSourceAddresses} and
 * {@code probeSourceTags} describe where the balancer's probes come from (Azure: 168.63.129.16,
 * tag AzureLoadBalancer; AWS: the NLB's own address in each subnet, and its security groups);
 * {@code nodeTags} are the tags and groups that cover the nodes' own addresses (Azure:
 * VirtualNetwork; AWS: their security group), as a source for the peer link and as a destination
 * for everything. {@code otherLayers} are further security groups traffic to a node must pass as
 * well (Azure: a subnet's NSG, or a NIC's that is not the managed one), each evaluated on its own.
 */
public record NetworkFacts(List<String> probeSourceAddresses, Set<String> probeSourceTags, Set<String> nodeTags,
                           List<SecurityLayer> otherLayers) {

    public NetworkFacts {
        probeSourceAddresses = List.copyOf(probeSourceAddresses);
        probeSourceTags = Set.copyOf(probeSourceTags);
        nodeTags = Set.copyOf(nodeTags);
        otherLayers = List.copyOf(otherLayers);
    }

    /** Facts of a cloud where the pair's own security group is all that the nodes' traffic passes. */
    public NetworkFacts(List<String> probeSourceAddresses, Set<String> probeSourceTags, Set<String> nodeTags) {
        this(probeSourceAddresses, probeSourceTags, nodeTags, List.of());
    }

    /** A copy whose traffic also passes these layers. */
    public NetworkFacts withLayers(List<SecurityLayer> layers) {
        return new NetworkFacts(probeSourceAddresses, probeSourceTags, nodeTags, layers);
    }
}
