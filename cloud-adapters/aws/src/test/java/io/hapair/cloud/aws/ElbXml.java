package io.hapair.cloud.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Elastic Load Balancing (API 2015-12-01) responses in the Query protocol's XML, shaped as the API
 * reference's examples: {@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>},
 * lists as {@code <member>} elements, errors as {@code <ErrorResponse><Error><Type><Code><Message>}.
 */
final class ElbXml {

    static final String VERSION = "2015-12-01";
    static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String VPC = "vpc-0c1d2e3f4a5b6c7d8";
    static final String BALANCER = "nlb-ha";
    static final String BALANCER_ARN = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
        + ":loadbalancer/net/" + BALANCER + "/50dc6c495c0c9188";

    private ElbXml() {
    }

    static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + action + "Result>" + result + "</" + action
            + "Result>\n  <ResponseMetadata><RequestId>4c1fb2a6-52a1-4d0e-9f4c-2b0e6b1d9a1e</RequestId>"
            + "</ResponseMetadata>\n</" + action + "Response>";
    }

    static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>" + code
            + "</Code>\n    <Message>" + message + "</Message>\n  </Error>\n"
            + "  <RequestId>a2e3c9d4-1f7b-4e0a-8c6d-5b4a3f2e1d0c</RequestId>\n</ErrorResponse>";
    }

    static String members(List<String> items) {
        return items.stream().map(item -> "<member>" + item + "</member>").collect(Collectors.joining());
    }

    static String loadBalancer(List<String> securityGroups) {
        return "<LoadBalancerArn>" + BALANCER_ARN + "</LoadBalancerArn>"
            + "<DNSName>" + BALANCER + "-50dc6c495c0c9188.elb." + REGION + ".amazonaws.com</DNSName>"
            + "<CanonicalHostedZoneId>Z2IFOLAFXWLO4F</CanonicalHostedZoneId>"
            + "<CreatedTime>2025-03-04T10:15:30.120Z</CreatedTime><LoadBalancerName>" + BALANCER + "</LoadBalancerName>"
            + "<Scheme>internal</Scheme><VpcId>" + VPC + "</VpcId><State><Code>active</Code></State><Type>network</Type>"
            + "<AvailabilityZones><member><ZoneName>eu-west-1a</ZoneName><SubnetId>subnet-0a1a1a1a1a1a1a1a1</SubnetId>"
            + "<LoadBalancerAddresses/></member><member><ZoneName>eu-west-1b</ZoneName>"
            + "<SubnetId>subnet-0b2b2b2b2b2b2b2b2</SubnetId><LoadBalancerAddresses/></member></AvailabilityZones>"
            + (securityGroups.isEmpty() ? "" : "<SecurityGroups>" + members(securityGroups) + "</SecurityGroups>")
            + "<IpAddressType>ipv4</IpAddressType>";
    }

    static String targetGroupArn(String name) {
        return "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":targetgroup/" + name + "/"
            + hex(name);
    }

    static String listenerArn(int port) {
        return BALANCER_ARN.replace(":loadbalancer/", ":listener/") + "/" + hex("listener-" + port);
    }

    /** A target group member; {@code check} holds the HealthCheck* and Matcher elements. */
    static String targetGroup(String name, String protocol, int port, String check, boolean onBalancer) {
        return "<TargetGroupArn>" + targetGroupArn(name) + "</TargetGroupArn><TargetGroupName>" + name
            + "</TargetGroupName><Protocol>" + protocol + "</Protocol><Port>" + port + "</Port><VpcId>" + VPC
            + "</VpcId>" + check + "<LoadBalancerArns>" + (onBalancer ? members(List.of(BALANCER_ARN)) : "")
            + "</LoadBalancerArns><TargetType>instance</TargetType><IpAddressType>ipv4</IpAddressType>";
    }

    static String httpCheck(int port, String path, int interval, int timeout, int healthy, int unhealthy,
                            String matcher) {
        return "<HealthCheckProtocol>HTTP</HealthCheckProtocol><HealthCheckPort>" + port + "</HealthCheckPort>"
            + "<HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckIntervalSeconds>" + interval
            + "</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>" + timeout + "</HealthCheckTimeoutSeconds>"
            + "<HealthyThresholdCount>" + healthy + "</HealthyThresholdCount><UnhealthyThresholdCount>" + unhealthy
            + "</UnhealthyThresholdCount><HealthCheckPath>" + path + "</HealthCheckPath><Matcher><HttpCode>" + matcher
            + "</HttpCode></Matcher>";
    }

    static String tcpCheck(int interval, int timeout, int healthy, int unhealthy) {
        return "<HealthCheckProtocol>TCP</HealthCheckProtocol><HealthCheckPort>traffic-port</HealthCheckPort>"
            + "<HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckIntervalSeconds>" + interval
            + "</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>" + timeout + "</HealthCheckTimeoutSeconds>"
            + "<HealthyThresholdCount>" + healthy + "</HealthyThresholdCount><UnhealthyThresholdCount>" + unhealthy
            + "</UnhealthyThresholdCount>";
    }

    static String listener(int port, String protocol, String targetGroupArn) {
        return "<ListenerArn>" + listenerArn(port) + "</ListenerArn><LoadBalancerArn>" + BALANCER_ARN
            + "</LoadBalancerArn><Port>" + port + "</Port><Protocol>" + protocol + "</Protocol><DefaultActions><member>"
            + "<Type>forward</Type><TargetGroupArn>" + targetGroupArn + "</TargetGroupArn><ForwardConfig><TargetGroups>"
            + "<member><TargetGroupArn>" + targetGroupArn + "</TargetGroupArn><Weight>1</Weight></member></TargetGroups>"
            + "<TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig></ForwardConfig>"
            + "</member></DefaultActions>";
    }

    static String tagDescription(String arn, Map<String, String> tags) {
        return "<ResourceArn>" + arn + "</ResourceArn><Tags>" + members(tags.entrySet().stream()
            .map(tag -> "<Key>" + tag.getKey() + "</Key><Value>" + tag.getValue() + "</Value>").toList()) + "</Tags>";
    }

    /** A registered target and its health; {@code reason} is null for healthy targets. */
    static String targetHealth(String instanceId, int port, String state, String reason) {
        return "<Target><Id>" + instanceId + "</Id><Port>" + port + "</Port><AvailabilityZone>eu-west-1a"
            + "</AvailabilityZone></Target><HealthCheckPort>" + port + "</HealthCheckPort><TargetHealth><State>" + state
            + "</State>" + (reason == null ? "" : "<Reason>" + reason + "</Reason><Description>Health checks failed"
            + "</Description>") + "</TargetHealth>";
    }

    static String attributes(Map<String, String> attributes) {
        return "<Attributes>" + members(attributes.entrySet().stream()
            .map(entry -> "<Key>" + entry.getKey() + "</Key><Value>" + entry.getValue() + "</Value>").toList())
            + "</Attributes>";
    }

    /** A stable 16-digit hex ID, as ELB puts at the end of its ARNs. */
    private static String hex(String seed) {
        return String.format("%016x", seed.hashCode() * 0x9E3779B97F4A7C15L);
    }
}
