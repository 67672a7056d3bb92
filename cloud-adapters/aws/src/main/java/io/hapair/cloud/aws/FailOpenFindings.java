package io.hapair.cloud.aws;

import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.topology.PairTopology;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What only the NLB's behaviour and live target health show. An NLB that finds no healthy target
 * in a group sends the group's traffic to all of them (fail-open): for a pair that means the standby
 * gets traffic too. That is always worth a warning, and a problem when it is happening right now.
 */
final class FailOpenFindings {

    private FailOpenFindings() {
    }

    static List<Finding> of(PairTopology topology, AwsSnapshot snapshot, AwsReading reading) {
        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding(Check.FAILS_OPEN, "NLB " + snapshot.balancer().loadBalancerName(),
            "when no target of a target group is healthy, the NLB sends its traffic to every target (fail-open), so "
                + "if both nodes answer 503 at once, both get traffic, the standby too",
            "never let both nodes fail their health check together: keep the peer link up, switch over with "
                + "`hanode switchover` (the nodes overlap), and never take both into maintenance at once",
            Severity.WARNING));
        Optional<TargetGroupState> checkGroup = snapshot.listenerOn(topology.healthCheckPort())
            .flatMap(ListenerState::targetGroupArn)
            .flatMap(arn -> snapshot.targetGroups().stream().filter(group -> group.arn().equals(arn)).findFirst());
        checkGroup.filter(FailOpenFindings::everyTargetUnhealthy).ifPresent(group -> findings.add(new Finding(
            Check.FAILS_OPEN, "target group " + reading.partName(group),
            "every target is unhealthy right now (" + group.targets().stream().map(target -> describe(target, snapshot))
                .collect(Collectors.joining(", ")) + "), so the NLB is failing open: both nodes get traffic",
            "make one node active: `hanode status` on each node shows why neither answers 200 on port "
                + topology.healthCheckPort() + " (HA mode, peer link, health); until then clients reach the standby")));
        return findings;
    }

    private static boolean everyTargetUnhealthy(TargetGroupState group) {
        return !group.targets().isEmpty() && group.targets().stream()
            .allMatch(target -> target.targetHealth() != null
                && target.targetHealth().state() == TargetHealthStateEnum.UNHEALTHY);
    }

    private static String describe(TargetHealthDescription target, AwsSnapshot snapshot) {
        String who = snapshot.instance(target.target().id()).map(instance -> instance.node().name())
            .orElse(target.target().id());
        return who + ": " + target.targetHealth().stateAsString()
            + (target.targetHealth().reason() == null ? "" : " " + target.targetHealth().reasonAsString());
    }
}
