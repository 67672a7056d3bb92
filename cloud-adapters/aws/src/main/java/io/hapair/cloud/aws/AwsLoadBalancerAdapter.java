package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.ApplyReport;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Progress;
import io.hapair.cloud.adapter.WriteSteps;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PartKind;
import io.hapair.cloud.topology.SecurityRule;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pair's AWS side: the NLB's listeners, a target group behind each (both nodes for a
 * load-balancing rule, one node for a management "NAT rule"), and the inbound rules of the security
 * group guarding the nodes. Ownership is by tag (pair id) and name prefix; nothing untagged is ever
 * changed. ELB has no ETags: a create that finds its resource already there is a concurrent change,
 * so the reconciler re-reads and re-plans.
 */
public final class AwsLoadBalancerAdapter implements CloudAdapter {

    private final AwsTarget target;
    private final String region;
    private final PairTopology topology;
    private final PairTags tags;
    private final NlbRepository nlb;
    private final Ec2Repository ec2;
    private AwsSnapshot snapshot;

    AwsLoadBalancerAdapter(AwsTarget target, String region, PairTopology topology, NlbRepository nlb,
                           Ec2Repository ec2) {
        this.target = target;
        this.region = region;
        this.topology = topology;
        this.tags = new PairTags(target.pairId());
        this.nlb = nlb;
        this.ec2 = ec2;
    }

    @Override
    public String target() {
        return target.describe(region);
    }

    @Override
    public ObservedPair observe() {
        LoadBalancer balancer = nlb.loadBalancer(target, region);
        if (!"network".equals(balancer.typeAsString())) {
            throw new InvalidTopologyException("aws.loadBalancer", balancer.loadBalancerName() + " is an "
                + balancer.typeAsString() + " load balancer", "give the Network Load Balancer in front of the pair");
        }
        List<PairInstance> instances = List.of(instance(topology.node1(), target.node1Instance(), balancer),
            instance(topology.node2(), target.node2Instance(), balancer));
        String group = pairSecurityGroup(instances);
        List<Listener> listeners = nlb.listeners(balancer.loadBalancerArn());
        Set<String> attached = new HashSet<>();
        listeners.forEach(listener -> ListenerState.forwardedTo(listener).ifPresent(attached::add));
        List<TargetGroup> candidates = nlb.targetGroups().stream()
            .filter(candidate -> attached.contains(candidate.targetGroupArn())
                || topology.owns(candidate.targetGroupName()))
            .toList();
        List<String> arns = new ArrayList<>(candidates.stream().map(TargetGroup::targetGroupArn).toList());
        listeners.forEach(listener -> arns.add(listener.listenerArn()));
        Map<String, Map<String, String>> tagsByArn = nlb.tags(arns);
        List<TargetGroupState> groups = new ArrayList<>();
        for (TargetGroup candidate : candidates) {
            Map<String, String> groupTags = tagsByArn.getOrDefault(candidate.targetGroupArn(), Map.of());
            // A group with the prefix but not the pair's tag, on no listener of this NLB, is someone else's business.
            if (attached.contains(candidate.targetGroupArn()) || tags.owns(groupTags)) {
                groups.add(new TargetGroupState(candidate, groupTags, nlb.targetHealth(candidate),
                    nlb.attributes(candidate)));
            }
        }
        List<ListenerState> listenerStates = listeners.stream().map(listener -> new ListenerState(listener,
            tags.owns(tagsByArn.getOrDefault(listener.listenerArn(), Map.of())))).toList();
        Set<String> nodeGroups = new LinkedHashSet<>();
        instances.forEach(instance -> nodeGroups.addAll(instance.securityGroups()));
        snapshot = new AwsSnapshot(balancer, listenerStates, groups, instances, group, ec2.inboundRules(nodeGroups));
        return AwsReading.of(topology, tags, snapshot).observed();
    }

    @Override
    public ApplyReport apply(List<Change> changes, Progress progress) {
        AwsSnapshot read = observed();
        Map<String, String> instanceIds = new LinkedHashMap<>();
        read.instances().forEach(instance -> instanceIds.put(instance.node().name(), instance.id()));
        Map<String, TargetGroupSpec> specs = TargetGroupSpecs.of(topology, instanceIds);
        Map<String, List<Change>> byGroup = new LinkedHashMap<>();
        List<Change> securityChanges = new ArrayList<>();
        for (Change change : changes) {
            if (change.kind() == PartKind.SECURITY_RULE) {
                securityChanges.add(change);
            } else {
                byGroup.computeIfAbsent(change.name(), name -> new ArrayList<>()).add(change);
            }
        }
        WriteSteps steps = new WriteSteps();
        TargetGroupWrites writes = new TargetGroupWrites(nlb, read, tags, AwsReading.of(topology, tags, read));
        // Removals first: a port or name a removed group frees may be what a new one needs.
        byGroup.forEach((name, groupChanges) -> {
            if (!specs.containsKey(name)) {
                writes.add(steps, name, Optional.empty(), groupChanges);
            }
        });
        byGroup.forEach((name, groupChanges) -> {
            if (specs.containsKey(name)) {
                writes.add(steps, name, Optional.of(specs.get(name)), groupChanges);
            }
        });
        if (!securityChanges.isEmpty()) {
            SecurityGroupWrites.add(steps, securityChanges, topology, tags, read, ec2);
        }
        return steps.run(changes, progress);
    }

    @Override
    public NetworkFacts networkFacts() {
        AwsSnapshot read = observed();
        String arn = read.balancer().loadBalancerArn();
        String resource = "loadbalancer/";
        List<String> probeSources = ec2.loadBalancerAddresses(arn.substring(arn.indexOf(resource) + resource.length()));
        // Traffic from a node carries its groups: the pair's own (read as PAIR_NODES) and any both nodes share.
        Set<String> nodeTags = new HashSet<>(read.instances().get(0).securityGroups());
        nodeTags.retainAll(read.instances().get(1).securityGroups());
        nodeTags.add(SecurityRule.PAIR_NODES);
        return new NetworkFacts(probeSources, new HashSet<>(read.balancer().securityGroups()), nodeTags);
    }

    @Override
    public List<Finding> providerFindings() {
        AwsSnapshot read = observed();
        return FailOpenFindings.of(topology, read, AwsReading.of(topology, tags, read));
    }

    private AwsSnapshot observed() {
        if (snapshot == null) {
            throw new IllegalStateException("call observe() first: the adapter works on what it read");
        }
        return snapshot;
    }

    private PairInstance instance(PairNode node, Optional<String> instanceId, LoadBalancer balancer) {
        String key = "aws." + node.name() + "Instance";
        if (instanceId.isEmpty()) {
            return new PairInstance(node, instanceAt(node, key, balancer));
        }
        String id = instanceId.get();
        PairInstance instance = new PairInstance(node, ec2.instance(id).orElseThrow(() ->
            new InvalidTopologyException(key, "no instance " + id + " in " + region,
                "give " + node.name() + "'s instance ID (aws ec2 describe-instances)")));
        if (!instance.addresses().contains(node.address())) {
            throw new InvalidTopologyException(node.name() + ".address", node.address() + " is not an address of "
                + "instance " + id + " (it has " + String.join(", ", instance.addresses()) + ")",
                "fix " + node.name() + ".address or " + key);
        }
        if (!balancer.vpcId().equals(instance.instance().vpcId())) {
            throw new InvalidTopologyException(key, "instance " + id + " is in " + instance.instance().vpcId()
                + " but the NLB is in " + balancer.vpcId(), "give the instances behind this NLB");
        }
        return instance;
    }

    /** The node's instance found by its address: exactly one running instance in the NLB's VPC has it. */
    private Instance instanceAt(PairNode node, String key, LoadBalancer balancer) {
        List<Instance> found = ec2.runningInstancesAt(node.address(), balancer.vpcId());
        if (found.size() == 1) {
            return found.get(0);
        }
        String where = node.address() + " in the NLB's VPC " + balancer.vpcId();
        throw new InvalidTopologyException(key, found.isEmpty()
            ? "not given, and no running instance has the private address " + where
            : "not given, and " + found.size() + " running instances have the private address " + where + " ("
                + String.join(", ", found.stream().map(Instance::instanceId).toList()) + ")",
            "set " + key + " to " + node.name() + "'s instance ID, or fix " + node.name() + ".address");
    }

    /** The group the pair writes its rules to: the one named, or the only one both instances share. */
    private String pairSecurityGroup(List<PairInstance> instances) {
        Optional<String> named = target.securityGroup();
        if (named.isPresent()) {
            instances.stream().filter(instance -> !instance.securityGroups().contains(named.get())).findFirst()
                .ifPresent(instance -> {
                    throw new InvalidTopologyException("aws.securityGroup", named.get() + " is not attached to "
                        + instance.node().name() + "'s instance " + instance.id(), "attach it to both instances, or "
                        + "name the group they share");
                });
            return named.get();
        }
        List<String> shared = new ArrayList<>(instances.get(0).securityGroups());
        shared.retainAll(instances.get(1).securityGroups());
        if (shared.size() != 1) {
            throw new InvalidTopologyException("aws.securityGroup", shared.isEmpty()
                ? "not given, and the two instances share no security group"
                : "not given, and the two instances share " + String.join(", ", shared),
                "give both instances one group for the pair and name it with --security-group");
        }
        return shared.get(0);
    }
}
