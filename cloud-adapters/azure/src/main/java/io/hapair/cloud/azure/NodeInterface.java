package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.InboundNatRuleInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairNode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pair node's network interface and the IP configuration that carries the node's address: the
 * one that joins the backend pool and the node's NAT rules.
 */
final class NodeInterface {

    private final PairNode node;
    private final ArmId id;
    private final String ipConfigurationName;
    private NetworkInterfaceInner nic;

    private NodeInterface(PairNode node, ArmId id, NetworkInterfaceInner nic, String ipConfigurationName) {
        this.node = node;
        this.id = id;
        this.nic = nic;
        this.ipConfigurationName = ipConfigurationName;
    }

    /** Finds the IP configuration with the node's address, so a wrong NIC or address is caught early. */
    static NodeInterface of(PairNode node, ArmId id, NetworkInterfaceInner nic) {
        List<NetworkInterfaceIpConfigurationInner> configurations = nic.ipConfigurations() == null ? List.of()
            : nic.ipConfigurations();
        return configurations.stream()
            .filter(configuration -> node.address().equals(configuration.privateIpAddress()))
            .findFirst()
            .map(configuration -> new NodeInterface(node, id, nic, configuration.name()))
            .orElseThrow(() -> new InvalidTopologyException(node.name() + ".address", node.address()
                + " is not an address of network interface " + id.name() + " (it has "
                + configurations.stream().map(NetworkInterfaceIpConfigurationInner::privateIpAddress)
                    .collect(Collectors.joining(", ")) + ")",
                "fix " + node.name() + ".address or azure." + node.name() + "Nic"));
    }

    PairNode node() {
        return node;
    }

    ArmId id() {
        return id;
    }

    NetworkInterfaceInner nic() {
        return nic;
    }

    /** After a write, carries on with what ARM returned (its new ETag above all). */
    void replace(NetworkInterfaceInner written) {
        this.nic = written;
    }

    NetworkInterfaceIpConfigurationInner ipConfiguration() {
        return nic.ipConfigurations().stream()
            .filter(configuration -> ipConfigurationName.equals(configuration.name()))
            .findFirst().orElseThrow();
    }

    boolean inPool(String poolId) {
        List<BackendAddressPoolInner> pools = ipConfiguration().loadBalancerBackendAddressPools();
        return pools != null && pools.stream().anyMatch(pool -> ArmId.same(pool.id(), poolId));
    }

    boolean boundTo(String natRuleId) {
        List<InboundNatRuleInner> rules = ipConfiguration().loadBalancerInboundNatRules();
        return rules != null && rules.stream().anyMatch(rule -> ArmId.same(rule.id(), natRuleId));
    }
}
