package io.hapair.cloud.aws;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.List;
import java.util.Map;

/**
 * A target group as one observe read it: the group as the SDK returned it, its tags, its registered
 * targets with their health, and its attributes.
 */
record TargetGroupState(TargetGroup group, Map<String, String> tags, List<TargetHealthDescription> targets,
                        Map<String, String> attributes) {

    String arn() {
        return group.targetGroupArn();
    }

    String name() {
        return group.targetGroupName();
    }

    /** The resource part of the ARN, e.g. targetgroup/web-443/73e2d6bc24d8a067: how a group not ours is named. */
    String resourceId() {
        return arn().substring(arn().indexOf("targetgroup/"));
    }
}
