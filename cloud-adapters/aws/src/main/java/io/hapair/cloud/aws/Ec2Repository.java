package io.hapair.cloud.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every EC2 call the adapter makes, in one place, with the IAM action each needs: the nodes'
 * instances, their security groups' rules, the NLB's own network interfaces (where its probes come
 * from), and the writes of the pair's rules, each tagged when it is created.
 */
final class Ec2Repository {

    private final Ec2Client client;
    private final ServiceEndpoint endpoint;

    Ec2Repository(Ec2Client client, ServiceEndpoint endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    Optional<Instance> instance(String instanceId) {
        try {
            return client.describeInstances(request -> request.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).findFirst();
        } catch (SdkException failure) {
            if (AwsErrors.hasCode(failure, "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed")) {
                return Optional.empty();
            }
            throw AwsErrors.translate(failure, "ec2:DescribeInstances", "instance " + instanceId, endpoint);
        }
    }

    /** The running instances in the VPC whose primary private address is the one given. */
    List<Instance> runningInstancesAt(String address, String vpcId) {
        return call("ec2:DescribeInstances", "instances at " + address + " in " + vpcId, () ->
            client.describeInstancesPaginator(request -> request.filters(
                    Filter.builder().name("private-ip-address").values(address).build(),
                    Filter.builder().name("vpc-id").values(vpcId).build(),
                    Filter.builder().name("instance-state-name").values("running").build()))
                .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList());
    }

    List<SecurityGroupRule> inboundRules(Collection<String> groupIds) {
        return call("ec2:DescribeSecurityGroupRules", "security groups " + String.join(", ", groupIds), () ->
            client.describeSecurityGroupRulesPaginator(request -> request.filters(
                Filter.builder().name("group-id").values(groupIds).build())).securityGroupRules().stream()
                .filter(rule -> !Boolean.TRUE.equals(rule.isEgress())).toList());
    }

    /** The NLB's interfaces carry the description "ELB net/NAME/ID"; their addresses send the probes. */
    List<String> loadBalancerAddresses(String balancerResourceId) {
        return call("ec2:DescribeNetworkInterfaces", "the NLB's network interfaces", () ->
            client.describeNetworkInterfacesPaginator(request -> request.filters(Filter.builder()
                    .name("description").values("ELB " + balancerResourceId).build()))
                .networkInterfaces().stream().map(NetworkInterface::privateIpAddress).toList());
    }

    /** Adds permissions tagged as one part of the pair; "already there" means someone added them meanwhile. */
    void authorize(String groupId, List<Permission> permissions, String part, Map<String, String> tags) {
        List<Tag> ec2Tags = tags.entrySet().stream()
            .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
        try {
            client.authorizeSecurityGroupIngress(request -> request.groupId(groupId)
                .ipPermissions(permissions.stream().map(permission -> permission.toIpPermission(groupId, part))
                    .toList())
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP_RULE)
                    .tags(ec2Tags).build()));
        } catch (SdkException failure) {
            if (AwsErrors.hasCode(failure, "InvalidPermission.Duplicate")) {
                throw AwsErrors.changedMeanwhile("security group " + groupId, failure);
            }
            throw AwsErrors.translate(failure, "ec2:AuthorizeSecurityGroupIngress", "security group " + groupId,
                endpoint);
        }
    }

    void revoke(String groupId, List<String> ruleIds) {
        try {
            client.revokeSecurityGroupIngress(request -> request.groupId(groupId).securityGroupRuleIds(ruleIds));
        } catch (SdkException failure) {
            // Already gone: what the revoke was for.
            if (!AwsErrors.hasCode(failure, "InvalidSecurityGroupRuleId.NotFound", "InvalidPermission.NotFound")) {
                throw AwsErrors.translate(failure, "ec2:RevokeSecurityGroupIngress", "security group " + groupId,
                    endpoint);
            }
        }
    }

    private <T> T call(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException failure) {
            throw AwsErrors.translate(failure, action, resource, endpoint);
        }
    }
}
