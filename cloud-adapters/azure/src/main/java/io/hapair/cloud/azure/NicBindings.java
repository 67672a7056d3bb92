package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.InboundNatRuleInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PartKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The NIC side of a plan: which node joins or leaves which pool or NAT rule. In Azure these links
 * are written on the node's NIC IP configuration, not on the balancer; a leave must be written
 * before the balancer drops the pool or rule, a join after the balancer created it.
 */
final class NicBindings {

    /** One node joining or leaving one pool or NAT rule, for the change that asks for it. */
    record Binding(String node, PartKind kind, String childId, boolean join, Change change) {
    }

    private NicBindings() {
    }

    /** {@code pairNodes}: observed NAT targets may name a NIC outside the pair, which is not ours to write. */
    static List<Binding> of(List<Change> changes, ArmId balancer, Set<String> pairNodes) {
        List<Binding> bindings = new ArrayList<>();
        for (Change change : changes) {
            if (change.kind() == PartKind.BACKEND_POOL) {
                String poolId = balancer.child("backendAddressPools", change.name());
                Set<String> before = change instanceof Change.Add ? Set.of() : members(observed(change));
                Set<String> after = change instanceof Change.Remove ? Set.of() : members(change.part());
                difference(after, before).forEach(node -> bindings.add(
                    new Binding(node, PartKind.BACKEND_POOL, poolId, true, change)));
                difference(before, after).forEach(node -> bindings.add(
                    new Binding(node, PartKind.BACKEND_POOL, poolId, false, change)));
            } else if (change.kind() == PartKind.NAT_RULE) {
                String ruleId = balancer.child("inboundNatRules", change.name());
                String before = change instanceof Change.Add ? "" : ((NatRule) observed(change)).target();
                String after = change instanceof Change.Remove ? "" : ((NatRule) change.part()).target();
                if (!before.equals(after)) {
                    if (pairNodes.contains(before)) {
                        bindings.add(new Binding(before, PartKind.NAT_RULE, ruleId, false, change));
                    }
                    if (pairNodes.contains(after)) {
                        bindings.add(new Binding(after, PartKind.NAT_RULE, ruleId, true, change));
                    }
                }
            }
        }
        return bindings;
    }

    /** Applies one binding to the node's IP configuration in memory; the caller writes the NIC. */
    static void apply(NetworkInterfaceIpConfigurationInner configuration, Binding binding) {
        if (binding.kind() == PartKind.BACKEND_POOL) {
            List<BackendAddressPoolInner> pools = configuration.loadBalancerBackendAddressPools() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.loadBalancerBackendAddressPools());
            pools.removeIf(pool -> ArmId.same(pool.id(), binding.childId()));
            if (binding.join()) {
                pools.add(new BackendAddressPoolInner().withId(binding.childId()));
            }
            configuration.withLoadBalancerBackendAddressPools(pools);
        } else {
            List<InboundNatRuleInner> rules = configuration.loadBalancerInboundNatRules() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.loadBalancerInboundNatRules());
            rules.removeIf(rule -> ArmId.same(rule.id(), binding.childId()));
            if (binding.join()) {
                rules.add(new InboundNatRuleInner().withId(binding.childId()));
            }
            configuration.withLoadBalancerInboundNatRules(rules);
        }
    }

    private static CloudPart observed(Change change) {
        return change instanceof Change.Update update ? update.observed() : change.part();
    }

    private static Set<String> members(CloudPart pool) {
        return new LinkedHashSet<>(((BackendPool) pool).members());
    }

    private static Set<String> difference(Set<String> from, Set<String> minus) {
        Set<String> result = new LinkedHashSet<>(from);
        result.removeAll(minus);
        return result;
    }
}
