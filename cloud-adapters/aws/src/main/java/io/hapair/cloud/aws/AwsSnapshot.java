package io.hapair.cloud.aws;

import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.List;
import java.util.Optional;

/**
 * What one observe read: the NLB, its listeners, the target groups they forward to plus the pair's
 * own (attached or not, so a partial apply can be finished and an orphan removed), the two
 * instances, the security group the pair writes to, and the inbound rules of every group on the nodes.
 */
record AwsSnapshot(LoadBalancer balancer, List<ListenerState> listeners, List<TargetGroupState> targetGroups,
                   List<PairInstance> instances, String securityGroupId, List<SecurityGroupRule> securityRules) {

    Optional<TargetGroupState> targetGroup(String name) {
        return targetGroups.stream().filter(group -> group.name().equals(name)).findFirst();
    }

    Optional<ListenerState> listenerTo(String targetGroupArn) {
        return listeners.stream()
            .filter(listener -> listener.targetGroupArn().filter(targetGroupArn::equals).isPresent()).findFirst();
    }

    Optional<ListenerState> listenerOn(int port) {
        return listeners.stream().filter(listener -> listener.port() == port).findFirst();
    }

    /** The nodes' instances by ID, for reading registered targets back as node names. */
    Optional<PairInstance> instance(String instanceId) {
        return instances.stream().filter(instance -> instance.id().equals(instanceId)).findFirst();
    }
}
