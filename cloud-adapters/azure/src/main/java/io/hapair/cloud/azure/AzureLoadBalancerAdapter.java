package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import io.hapair.cloud.adapter.ApplyReport;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.Progress;
import io.hapair.cloud.adapter.WriteSteps;
import io.hapair.cloud.azure.NicBindings.Binding;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.diagnose.SecurityLayer;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PartKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pair's Azure side: an internal load balancer (pool, probe, rules, NAT rules in one PUT), the
 * two nodes' NIC IP configurations (pool and NAT rule membership) and the NSG guarding them. Writes
 * are conditional on the ETags {@link #observe()} read, so a concurrent change conflicts instead of
 * being overwritten.
 */
public final class AzureLoadBalancerAdapter implements CloudAdapter {

    // Azure's balancer probes from the platform address 168.63.129.16 (service tag AzureLoadBalancer);
    // the nodes sit in the virtual network (service tag VirtualNetwork).
    private static final NetworkFacts AZURE_FACTS = new NetworkFacts(List.of("168.63.129.16"),
        Set.of("AzureLoadBalancer"), Set.of("VirtualNetwork"));
    private static final String BALANCER_CHAIN = "balancer";

    private final AzureTarget target;
    private final PairTopology topology;
    private final AzureNetworkRepository repository;
    private AzureSnapshot snapshot;

    AzureLoadBalancerAdapter(AzureTarget target, PairTopology topology, AzureNetworkRepository repository) {
        this.target = target;
        this.topology = topology;
        this.repository = repository;
    }

    @Override
    public String target() {
        return target.describe();
    }

    @Override
    public ObservedPair observe() {
        Optional<LoadBalancerInner> balancer = repository.loadBalancer(target.loadBalancer());
        if (balancer.isEmpty() && target.creation().isEmpty()) {
            throw new CloudException(AzureNetworkRepository.describe(target.loadBalancer()) + " does not exist",
                "deploy it with the pair's ARM template, or let apply create it with --create-load-balancer "
                    + "--frontend-subnet SUBNET_ID", null);
        }
        balancer.ifPresent(existing -> LoadBalancerEditor.frontend(existing, target.frontend()));
        List<NodeInterface> nodes = List.of(
            node(topology.node1(), target.node1Nic()), node(topology.node2(), target.node2Nic()));
        ArmId groupId = target.securityGroup().orElseGet(() -> securityGroupOf(nodes.get(0)));
        NetworkSecurityGroupInner group = repository.securityGroup(groupId);
        snapshot = new AzureSnapshot(balancer, nodes, groupId, group);
        return ArmReading.observed(snapshot);
    }

    @Override
    public ApplyReport apply(List<Change> changes, Progress progress) {
        if (snapshot == null) {
            throw new IllegalStateException("apply() edits what observe() read; call observe() first");
        }
        Set<String> nodeNames = topology.nodes().stream().map(PairNode::name).collect(Collectors.toSet());
        List<Binding> bindings = NicBindings.of(changes, target.loadBalancer(), nodeNames);
        WriteSteps steps = new WriteSteps();
        // Leaving first: the balancer write may delete the pool or NAT rule a NIC still points to.
        addNicSteps(steps, bindings, false);
        List<Change> balancerChanges = changes.stream().filter(LoadBalancerEditor::touchesBalancer).toList();
        if (!balancerChanges.isEmpty()) {
            steps.add(BALANCER_CHAIN, describeBalancerWrite(balancerChanges.size()), balancerChanges,
                () -> writeBalancer(balancerChanges));
        }
        // Joining last: the pool or NAT rule must exist before a NIC can point to it.
        addNicSteps(steps, bindings, true);
        List<Change> securityChanges = changes.stream().filter(change -> change.kind() == PartKind.SECURITY_RULE)
            .toList();
        if (!securityChanges.isEmpty()) {
            steps.add("security group", AzureNetworkRepository.describe(snapshot.securityGroupId()) + ": "
                + securityChanges.size() + " rule change(s)", securityChanges, () -> writeSecurityGroup(securityChanges));
        }
        return steps.run(changes, progress);
    }

    /** Traffic passes the NSG of each node's subnet and of its NIC: those other than the managed one are read too. */
    @Override
    public NetworkFacts networkFacts() {
        Map<String, LayerReading> layers = new LinkedHashMap<>();
        for (NodeInterface node : snapshot.nodes()) {
            NetworkSecurityGroupInner nicGroup = node.nic().networkSecurityGroup();
            if (nicGroup != null && nicGroup.id() != null) {
                layer(layers, nicGroup.id(), "on network interface " + node.id().name(), node);
            }
            SubnetInner subnetRef = node.ipConfiguration().subnet();
            if (subnetRef != null && subnetRef.id() != null) {
                NetworkSecurityGroupInner subnetGroup = repository.subnet(subnetRef.id()).networkSecurityGroup();
                if (subnetGroup != null && subnetGroup.id() != null) {
                    layer(layers, subnetGroup.id(), "on subnet " + ArmId.lastSegment(subnetRef.id()), node);
                }
            }
        }
        return AZURE_FACTS.withLayers(layers.values().stream().map(this::read).toList());
    }

    /** One NSG other than the managed one, the nodes it guards and where it is attached. */
    private record LayerReading(String id, String where, Set<String> nodes) {
    }

    private void layer(Map<String, LayerReading> layers, String groupId, String where, NodeInterface node) {
        if (ArmId.same(groupId, snapshot.securityGroupId().id())) {
            return;
        }
        layers.computeIfAbsent(groupId.toLowerCase(Locale.ROOT), key -> new LayerReading(groupId, where,
            new LinkedHashSet<>())).nodes().add(node.node().name());
    }

    private SecurityLayer read(LayerReading layer) {
        ArmId id = ArmId.parse(layer.id(), target.subscription(), target.resourceGroup(), ArmId.SECURITY_GROUPS)
            .orElseThrow(() -> new CloudException("cannot read the network security group ID " + layer.id() + " "
                + layer.where(), "report this ID; it should be /subscriptions/.../networkSecurityGroups/NAME", null));
        NetworkSecurityGroupInner group = repository.securityGroup(id);
        List<SecurityRule> rules = new ArrayList<>();
        (group.securityRules() == null ? List.<SecurityRuleInner>of() : group.securityRules()).stream()
            .map(ArmReading::securityRule).forEach(rules::add);
        (group.defaultSecurityRules() == null ? List.<SecurityRuleInner>of() : group.defaultSecurityRules()).stream()
            .map(ArmReading::securityRule).forEach(rules::add);
        return new SecurityLayer("network security group " + id.name() + " " + layer.where(), layer.nodes(), rules);
    }

    /** The probe counts and fail-open setting of the probes the balancer's rules use. */
    @Override
    public List<Finding> providerFindings() {
        return snapshot.balancer().map(balancer -> AzureProbeFindings.of(topology, balancer)).orElse(List.of());
    }

    private NodeInterface node(PairNode node, ArmId nic) {
        return NodeInterface.of(node, nic, repository.networkInterface(nic));
    }

    private ArmId securityGroupOf(NodeInterface node) {
        String fix = "name the network security group that guards the nodes with --network-security-group";
        if (node.nic().networkSecurityGroup() == null || node.nic().networkSecurityGroup().id() == null) {
            throw new InvalidTopologyException("azure.networkSecurityGroup", "not given, and network interface "
                + node.id().name() + " has none attached", fix);
        }
        String id = node.nic().networkSecurityGroup().id();
        return ArmId.parse(id, target.subscription(), target.resourceGroup(), ArmId.SECURITY_GROUPS)
            .orElseThrow(() -> new InvalidTopologyException("azure.networkSecurityGroup", "cannot read the ID " + id
                + " attached to network interface " + node.id().name(), fix));
    }

    private void addNicSteps(WriteSteps steps, List<Binding> bindings, boolean joining) {
        for (NodeInterface node : snapshot.nodes()) {
            List<Binding> mine = bindings.stream()
                .filter(binding -> binding.join() == joining && binding.node().equals(node.node().name())).toList();
            if (!mine.isEmpty()) {
                String what = mine.stream().map(binding -> binding.kind().label() + " "
                    + ArmId.lastSegment(binding.childId())).collect(Collectors.joining(", "));
                steps.add(BALANCER_CHAIN, AzureNetworkRepository.describe(node.id()) + ": " + (joining ? "join " : "leave ")
                    + what, mine.stream().map(Binding::change).toList(), () -> writeNic(node, mine));
            }
        }
    }

    private void writeNic(NodeInterface node, List<Binding> bindings) {
        bindings.forEach(binding -> NicBindings.apply(node.ipConfiguration(), binding));
        node.replace(repository.writeNetworkInterface(node.id(), node.nic()));
    }

    private String describeBalancerWrite(int count) {
        String name = AzureNetworkRepository.describe(target.loadBalancer());
        return snapshot.balancer().isPresent() ? name + ": " + count + " change(s) in one update"
            : "new " + name + " (" + target.creation().orElseThrow().describe() + ") with " + count + " part(s)";
    }

    private void writeBalancer(List<Change> changes) {
        String frontendName = topology.namePrefix() + "frontend";
        LoadBalancerInner balancer = snapshot.balancer().orElseGet(() -> LoadBalancerEditor.create(
            target.creation().orElseThrow(), snapshot.nodes().get(0).nic().location(), frontendName));
        Optional<String> frontend = snapshot.balancer().isPresent() ? target.frontend() : Optional.of(frontendName);
        LoadBalancerEditor editor = new LoadBalancerEditor(balancer, target.loadBalancer(), frontend);
        changes.forEach(editor::apply);
        repository.writeLoadBalancer(target.loadBalancer(), balancer, snapshot.balancer().map(LoadBalancerInner::etag)
            .orElse(null));
    }

    private void writeSecurityGroup(List<Change> changes) {
        NetworkSecurityGroupInner group = snapshot.securityGroup();
        changes.forEach(change -> SecurityGroupEditor.apply(group, change));
        repository.writeSecurityGroup(snapshot.securityGroupId(), group);
    }
}
