package io.hapair.node.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --provider aws} flags; each one sets the {@code aws.*} key of the same name in the
 * topology file, and wins over it.
 */
final class AwsFlags {

    final Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region; default: the NLB ARN's, or the "
        + "SDK's (AWS_REGION, profile) (aws.region)")
    void region(String value) {
        settings.put("aws.region", value);
    }

    @Option(names = "--nlb", paramLabel = "NAME|ARN", description = "the Network Load Balancer (aws.loadBalancer)")
    void loadBalancer(String value) {
        settings.put("aws.loadBalancer", value);
    }

    @Option(names = "--node1-instance", paramLabel = "ID", description = "node 1's EC2 instance (aws.node1Instance); default: the running instance with node 1's address in the NLB's VPC")
    void node1Instance(String value) {
        settings.put("aws.node1Instance", value);
    }

    @Option(names = "--node2-instance", paramLabel = "ID", description = "node 2's EC2 instance (aws.node2Instance); default: the running instance with node 2's address in the NLB's VPC")
    void node2Instance(String value) {
        settings.put("aws.node2Instance", value);
    }

    @Option(names = "--security-group", paramLabel = "ID", description = "security group the pair's rules go to; "
        + "default: the one both instances share (aws.securityGroup)")
    void securityGroup(String value) {
        settings.put("aws.securityGroup", value);
    }

    @Option(names = "--pair-id", paramLabel = "ID", description = "value of the hapair:pair tag that marks the "
        + "pair's resources; default: the name prefix without its '-' (aws.pairId)")
    void pairId(String value) {
        settings.put("aws.pairId", value);
    }

    @Option(names = "--elb-endpoint", paramLabel = "URL", description = "Elastic Load Balancing endpoint, e.g. a VPC "
        + "endpoint (aws.elbEndpoint)")
    void elbEndpoint(String value) {
        settings.put("aws.elbEndpoint", value);
    }

    @Option(names = "--ec2-endpoint", paramLabel = "URL", description = "EC2 endpoint, e.g. a VPC endpoint "
        + "(aws.ec2Endpoint)")
    void ec2Endpoint(String value) {
        settings.put("aws.ec2Endpoint", value);
    }
}
