package io.hapair.cloud.aws;

import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.InvalidTopologyException;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the pair lives in AWS, read from the {@code aws.*} settings: the region, the Network Load
 * Balancer (name or ARN), the two nodes' instances (when not given, the adapter finds each by its
 * node's private address: a node's own user data cannot carry instance IDs, which exist only after
 * the instances), the security group guarding them, the pair id its resources are tagged with, and
 * endpoint overrides (VPC endpoints, or a test double).
 */
record AwsTarget(Optional<String> region, String loadBalancer, Optional<String> node1Instance,
                 Optional<String> node2Instance,
                 Optional<String> securityGroup, String pairId, Optional<URI> elbEndpoint,
                 Optional<URI> ec2Endpoint) {

    static final Set<String> KEYS = Set.of("aws.region", "aws.loadBalancer", "aws.node1Instance",
        "aws.node2Instance", "aws.securityGroup", "aws.pairId", "aws.elbEndpoint", "aws.ec2Endpoint");

    // arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/TYPE/NAME/ID
    private static final Pattern LOAD_BALANCER_ARN = Pattern.compile(
        "arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):\\d{12}:loadbalancer/(net|app|gwy)/[^/]+/[0-9a-f]+");
    // AWS: up to 32 letters, digits and hyphens, not starting or ending with a hyphen.
    private static final Pattern LOAD_BALANCER_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
    private static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    // Tag values allow more, but the pair id also shows in plans and logs: keep it plain.
    private static final Pattern PAIR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static AwsTarget from(CloudSettings settings, String namePrefix) {
        String balancer = settings.required("aws.loadBalancer", "give the Network Load Balancer's name or ARN");
        Optional<String> region = settings.text("aws.region");
        Matcher arn = LOAD_BALANCER_ARN.matcher(balancer);
        if (arn.matches()) {
            if (!"net".equals(arn.group(2))) {
                throw new InvalidTopologyException("aws.loadBalancer", "'" + balancer + "' is not a Network Load "
                    + "Balancer", "give the NLB in front of the pair; only an NLB passes TCP and UDP to the nodes");
            }
            if (region.isPresent() && !region.get().equals(arn.group(1))) {
                throw new InvalidTopologyException("aws.region", "'" + region.get() + "' but the load balancer's ARN "
                    + "is in " + arn.group(1), "drop aws.region or make it " + arn.group(1));
            }
            region = Optional.of(arn.group(1));
        } else if (!LOAD_BALANCER_NAME.matcher(balancer).matches()) {
            throw new InvalidTopologyException("aws.loadBalancer", "'" + balancer + "' is neither a load balancer "
                + "name nor an ARN", "give its name (e.g. nlb-ha) or its ARN arn:aws:elasticloadbalancing:...");
        }
        Optional<String> node1 = instance(settings, "aws.node1Instance", "node 1's");
        Optional<String> node2 = instance(settings, "aws.node2Instance", "node 2's");
        if (node1.isPresent() && node1.equals(node2)) {
            throw new InvalidTopologyException("aws.node2Instance", "both nodes name instance " + node1.get(),
                "give each node its own instance");
        }
        Optional<String> group = settings.text("aws.securityGroup");
        if (group.isPresent() && !SECURITY_GROUP.matcher(group.get()).matches()) {
            throw new InvalidTopologyException("aws.securityGroup", "'" + group.get() + "' is not a security group ID",
                "give an ID such as sg-0a1b2c3d4e5f60718, or leave it out to use the group both nodes share");
        }
        // Default: the name prefix without its separator, e.g. "hapair" for "hapair-".
        String pairId = settings.text("aws.pairId").orElse(namePrefix.replaceAll("[-._]+$", ""));
        if (!PAIR_ID.matcher(pairId).matches()) {
            throw new InvalidTopologyException("aws.pairId", "'" + pairId + "' is not a usable pair id",
                "use up to 64 letters, digits, '.', '_' or '-', e.g. lb-pair-prod");
        }
        return new AwsTarget(region, balancer, node1, node2, group, pairId, endpoint(settings, "aws.elbEndpoint"),
            endpoint(settings, "aws.ec2Endpoint"));
    }

    boolean balancerIsArn() {
        return loadBalancer.startsWith("arn:");
    }

    String describe(String resolvedRegion) {
        return "AWS Network Load Balancer " + loadBalancer + " in " + resolvedRegion + " (pair id " + pairId + ")";
    }

    private static Optional<String> instance(CloudSettings settings, String key, String whose) {
        Optional<String> id = settings.text(key);
        if (id.isPresent() && !INSTANCE.matcher(id.get()).matches()) {
            throw new InvalidTopologyException(key, "'" + id.get() + "' is not an instance ID",
                "give " + whose + " EC2 instance ID, e.g. i-0a1b2c3d4e5f60718, or leave it out to find the "
                    + "instance by the node's address");
        }
        return id;
    }

    private static Optional<URI> endpoint(CloudSettings settings, String key) {
        return settings.text(key).map(text -> {
            if (!text.matches("https?://[^/\\s]+/?")) {
                throw new InvalidTopologyException(key, "'" + text + "' is not an http(s) endpoint URL",
                    "give the service endpoint, e.g. "
                        + "https://vpce-0123.elasticloadbalancing.eu-west-1.vpce.amazonaws.com");
            }
            return URI.create(text);
        });
    }
}
