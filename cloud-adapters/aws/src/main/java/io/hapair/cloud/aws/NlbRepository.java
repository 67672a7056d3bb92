package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.CloudException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every Elastic Load Balancing call the adapter makes, in one place, with the IAM action each needs
 * (which an AccessDenied then names). The SDK's retry strategy rides out throttling; "already
 * there" on a create becomes a concurrent change (re-read, re-plan), "already gone" on a delete is
 * success.
 */
final class NlbRepository {

    // DescribeTags takes at most 20 ARNs per call.
    private static final int TAGS_PER_CALL = 20;

    private final ElasticLoadBalancingV2Client client;
    private final ServiceEndpoint endpoint;

    NlbRepository(ElasticLoadBalancingV2Client client, ServiceEndpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    LoadBalancer loadBalancer(AwsTarget target, String region) {
        String resource = "load balancer " + target.loadBalancer();
        try {
            return client.describeLoadBalancers(request -> {
                if (target.balancerIsArn()) {
                    request.loadBalancerArns(target.loadBalancer());
                } else {
                    request.names(target.loadBalancer());
                }
            }).loadBalancers().stream().findFirst().orElseThrow(() -> new CloudException(resource + " is not in "
                + "the answer of " + endpoint.url(), "check aws.loadBalancer, aws.region and aws.elbEndpoint", null));
        } catch (SdkException failure) {
            if (AwsErrors.hasCode(failure, "LoadBalancerNotFound")) {
                throw new CloudException(resource + " does not exist in " + region,
                    "check aws.loadBalancer and aws.region; create the NLB first (the pair's Terraform module does)",
                    failure);
            }
            throw AwsErrors.translate(failure, "elasticloadbalancing:DescribeLoadBalancers", resource, endpoint);
        }
    }

    List<Listener> listeners(String balancerArn) {
        return call("elasticloadbalancing:DescribeListeners", "the NLB's listeners", () ->
            client.describeListenersPaginator(request -> request.loadBalancerArn(balancerArn)).listeners().stream()
                .toList());
    }

    /** Every target group of the account and region: the pair's own may be attached to no listener yet. */
    List<TargetGroup> targetGroups() {
        return call("elasticloadbalancing:DescribeTargetGroups", "target groups", () ->
            client.describeTargetGroupsPaginator(request -> { }).targetGroups().stream().toList());
    }

    Map<String, Map<String, String>> tags(List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int from = 0; from < arns.size(); from += TAGS_PER_CALL) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + TAGS_PER_CALL));
            List<TagDescription> found = call("elasticloadbalancing:DescribeTags", "tags", () ->
                client.describeTags(request -> request.resourceArns(batch)).tagDescriptions());
            found.forEach(description -> tags.put(description.resourceArn(), description.tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (first, second) -> first))));
        }
        return tags;
    }

    List<TargetHealthDescription> targetHealth(TargetGroup group) {
        return call("elasticloadbalancing:DescribeTargetHealth", describe(group.targetGroupName()), () ->
            client.describeTargetHealth(request -> request.targetGroupArn(group.targetGroupArn()))
                .targetHealthDescriptions());
    }

    Map<String, String> attributes(TargetGroup group) {
        return call("elasticloadbalancing:DescribeTargetGroupAttributes", describe(group.targetGroupName()), () ->
            client.describeTargetGroupAttributes(request -> request.targetGroupArn(group.targetGroupArn()))
                .attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value, (a, b) -> a)));
    }

    /** Creating with tags also needs elasticloadbalancing:AddTags, which an AccessDenied then names. */
    String createTargetGroup(TargetGroupSpec spec, String vpcId, Map<String, String> tags) {
        HealthCheck check = spec.healthCheck();
        try {
            return client.createTargetGroup(request -> {
                request.name(spec.name()).protocol(spec.protocol()).port(spec.port()).vpcId(vpcId)
                    .targetType(TargetTypeEnum.INSTANCE).healthCheckProtocol(check.protocol())
                    .healthCheckPort(check.port()).healthCheckIntervalSeconds(check.intervalSeconds())
                    .healthCheckTimeoutSeconds(check.timeoutSeconds()).healthyThresholdCount(check.healthyThreshold())
                    .unhealthyThresholdCount(check.unhealthyThreshold()).tags(elbTags(tags));
                if (check.http()) {
                    request.healthCheckPath(check.path()).matcher(matcher -> matcher.httpCode(check.matcher()));
                }
            }).targetGroups().stream().findFirst().orElseThrow(() -> new CloudException(describe(spec.name())
                + " is not in the answer to its creation from " + endpoint.url(), "run the command again", null))
                .targetGroupArn();
        } catch (SdkException failure) {
            // Same name, other settings: someone created it since we read; re-read and re-plan.
            if (AwsErrors.hasCode(failure, "DuplicateTargetGroupName")) {
                throw AwsErrors.changedMeanwhile(describe(spec.name()), failure);
            }
            throw AwsErrors.translate(failure, "elasticloadbalancing:CreateTargetGroup", describe(spec.name()),
                endpoint);
        }
    }

    void modifyHealthCheck(String arn, String name, HealthCheck check) {
        change("elasticloadbalancing:ModifyTargetGroup", name, () -> client.modifyTargetGroup(request -> {
            request.targetGroupArn(arn).healthCheckProtocol(check.protocol()).healthCheckPort(check.port())
                .healthCheckIntervalSeconds(check.intervalSeconds()).healthCheckTimeoutSeconds(check.timeoutSeconds())
                .healthyThresholdCount(check.healthyThreshold()).unhealthyThresholdCount(check.unhealthyThreshold());
            if (check.http()) {
                request.healthCheckPath(check.path()).matcher(matcher -> matcher.httpCode(check.matcher()));
            }
        }));
    }

    void modifyAttributes(String arn, String name, Map<String, String> attributes) {
        List<TargetGroupAttribute> list = new ArrayList<>();
        attributes.forEach((key, value) -> list.add(TargetGroupAttribute.builder().key(key).value(value).build()));
        change("elasticloadbalancing:ModifyTargetGroupAttributes", name, () ->
            client.modifyTargetGroupAttributes(request -> request.targetGroupArn(arn).attributes(list)));
    }

    void register(String arn, String name, List<String> instanceIds) {
        change("elasticloadbalancing:RegisterTargets", name, () -> client.registerTargets(request ->
            request.targetGroupArn(arn).targets(targets(instanceIds))));
    }

    void deregister(String arn, String name, List<String> instanceIds) {
        change("elasticloadbalancing:DeregisterTargets", name, () -> client.deregisterTargets(request ->
            request.targetGroupArn(arn).targets(targets(instanceIds))));
    }

    void createListener(String balancerArn, TargetGroupSpec spec, String targetGroupArn, Map<String, String> tags) {
        String resource = "listener on port " + spec.listenerPort();
        try {
            client.createListener(request -> request.loadBalancerArn(balancerArn).protocol(spec.protocol())
                .port(spec.listenerPort()).tags(elbTags(tags))
                .defaultActions(action -> action.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn)));
        } catch (SdkException failure) {
            if (AwsErrors.hasCode(failure, "DuplicateListener")) {
                throw AwsErrors.changedMeanwhile(resource, failure);
            }
            throw AwsErrors.translate(failure, "elasticloadbalancing:CreateListener", resource, endpoint);
        }
    }

    void moveListener(String listenerArn, int port) {
        call("elasticloadbalancing:ModifyListener", "listener " + listenerArn, () ->
            client.modifyListener(request -> request.listenerArn(listenerArn).port(port)));
    }

    void deleteListener(String listenerArn) {
        try {
            client.deleteListener(request -> request.listenerArn(listenerArn));
        } catch (SdkException failure) {
            if (!AwsErrors.hasCode(failure, "ListenerNotFound")) {
                throw AwsErrors.translate(failure, "elasticloadbalancing:DeleteListener", "listener " + listenerArn,
                    endpoint);
            }
        }
    }

    void deleteTargetGroup(String arn, String name) {
        try {
            client.deleteTargetGroup(request -> request.targetGroupArn(arn));
        } catch (SdkException failure) {
            if (!AwsErrors.hasCode(failure, "TargetGroupNotFound")) {
                throw AwsErrors.translate(failure, "elasticloadbalancing:DeleteTargetGroup", describe(name), endpoint);
            }
        }
    }

    static String describe(String targetGroupName) {
        return "target group " + targetGroupName;
    }

    /** A write to a group read moments ago: its disappearance is someone else's change. */
    private void change(String action, String name, Runnable write) {
        try {
            write.run();
        } catch (SdkException failure) {
            if (AwsErrors.hasCode(failure, "TargetGroupNotFound")) {
                throw AwsErrors.changedMeanwhile(describe(name), failure);
            }
            throw AwsErrors.translate(failure, action, describe(name), endpoint);
        }
    }

    private <T> T call(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException failure) {
            throw AwsErrors.translate(failure, action, resource, endpoint);
        }
    }

    private static List<Tag> elbTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
            .toList();
    }

    private static List<TargetDescription> targets(List<String> instanceIds) {
        return instanceIds.stream().map(id -> TargetDescription.builder().id(id).build()).toList();
    }
}
