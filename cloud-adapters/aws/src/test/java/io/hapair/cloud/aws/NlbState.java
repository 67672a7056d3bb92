package io.hapair.cloud.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;

/**
 * What the stubbed AWS holds: the NLB and its listeners, target groups with their tags, targets and
 * attributes, the two instances and the inbound rules of their security groups. Tests build one,
 * bend it into the state they need, and stub every Describe call from it.
 */
final class NlbState {

    static final String NODE1_INSTANCE = "i-0a1b2c3d4e5f60718";
    static final String NODE2_INSTANCE = "i-0f1e2d3c4b5a69788";
    static final String PAIR_GROUP = "sg-0123456789abcdef0";
    static final List<String> BALANCER_ADDRESSES = List.of("10.0.0.37", "10.0.2.52");

    /** A target group; {@code targets} are DescribeTargetHealth members. */
    record Group(String name, String protocol, int port, String check, Map<String, String> tags, List<String> targets,
                 Map<String, String> attributes) {

        Group withCheck(String newCheck) {
            return new Group(name, protocol, port, newCheck, tags, targets, attributes);
        }

        Group withTargets(List<String> newTargets) {
            return new Group(name, protocol, port, check, tags, newTargets, attributes);
        }
    }

    private record Listener(int port, String protocol, String targetGroupArn, boolean owned) {
    }

    final Map<String, Group> groups = new LinkedHashMap<>();
    final List<String> rules = new ArrayList<>();
    private final Map<Integer, Listener> listeners = new LinkedHashMap<>();
    private final Map<String, String> instanceAddresses = new LinkedHashMap<>(Map.of(NODE1_INSTANCE, "10.0.1.4",
        NODE2_INSTANCE, "10.0.1.5"));
    private final Map<String, List<String>> instanceGroups = new LinkedHashMap<>(Map.of(NODE1_INSTANCE,
        List.of(PAIR_GROUP), NODE2_INSTANCE, List.of(PAIR_GROUP)));
    private final List<String> balancerGroups = new ArrayList<>();

    void group(Group group) {
        groups.put(group.name(), group);
    }

    void listener(int port, String protocol, String targetGroupName, boolean owned) {
        listeners.put(port, new Listener(port, protocol, ElbXml.targetGroupArn(targetGroupName), owned));
    }

    void dropListener(int port) {
        listeners.remove(port);
    }

    void rule(String ruleXml) {
        rules.add(ruleXml);
    }

    void instanceGroups(String instanceId, List<String> groupIds) {
        instanceGroups.put(instanceId, groupIds);
    }

    void balancerGroups(List<String> groupIds) {
        balancerGroups.addAll(groupIds);
    }

    void stub(AwsApiStub stub) {
        stub.elbAnswers("DescribeLoadBalancers", "<LoadBalancers>" + ElbXml.members(List.of(
            ElbXml.loadBalancer(balancerGroups))) + "</LoadBalancers>");
        stub.elbAnswers("DescribeListeners", "<Listeners>" + ElbXml.members(listeners.values().stream()
            .map(l -> ElbXml.listener(l.port(), l.protocol(), l.targetGroupArn())).toList()) + "</Listeners>");
        List<String> attached = listeners.values().stream().map(Listener::targetGroupArn).toList();
        stub.elbAnswers("DescribeTargetGroups", "<TargetGroups>" + ElbXml.members(groups.values().stream()
            .map(g -> ElbXml.targetGroup(g.name(), g.protocol(), g.port(), g.check(),
                attached.contains(ElbXml.targetGroupArn(g.name())))).toList()) + "</TargetGroups>");
        List<String> tagged = new ArrayList<>();
        groups.values().forEach(g -> tagged.add(ElbXml.tagDescription(ElbXml.targetGroupArn(g.name()), g.tags())));
        listeners.values().forEach(l -> tagged.add(ElbXml.tagDescription(ElbXml.listenerArn(l.port()),
            l.owned() ? Map.of(PairTags.PAIR, "hapair") : Map.of())));
        stub.elbAnswers("DescribeTags", "<TagDescriptions>" + ElbXml.members(tagged) + "</TagDescriptions>");
        for (Group g : groups.values()) {
            String arn = ElbXml.targetGroupArn(g.name());
            stub.stub(AwsApiStub.elb("DescribeTargetHealth").withFormParam("TargetGroupArn", equalTo(arn))
                .willReturn(AwsApiStub.xml(200, ElbXml.response("DescribeTargetHealth",
                    "<TargetHealthDescriptions>" + ElbXml.members(g.targets()) + "</TargetHealthDescriptions>"))));
            stub.stub(AwsApiStub.elb("DescribeTargetGroupAttributes").withFormParam("TargetGroupArn", equalTo(arn))
                .willReturn(AwsApiStub.xml(200, ElbXml.response("DescribeTargetGroupAttributes",
                    ElbXml.attributes(g.attributes())))));
        }
        instanceAddresses.forEach((id, address) -> stub.stub(AwsApiStub.ec2("DescribeInstances")
            .withFormParam("InstanceId.1", equalTo(id)).willReturn(AwsApiStub.xml(200, Ec2Xml.response(
                "DescribeInstances", Ec2Xml.instance(id, address, ElbXml.VPC, instanceGroups.get(id)))))));
        // As EC2 answers a look-up by address: running instances in the VPC whose primary address it is.
        instanceAddresses.forEach((id, address) -> stub.stub(AwsApiStub.ec2("DescribeInstances")
            .withFormParam("Filter.1.Name", equalTo("private-ip-address"))
            .withFormParam("Filter.1.Value.1", equalTo(address))
            .withFormParam("Filter.2.Name", equalTo("vpc-id")).withFormParam("Filter.2.Value.1", equalTo(ElbXml.VPC))
            .withFormParam("Filter.3.Name", equalTo("instance-state-name"))
            .withFormParam("Filter.3.Value.1", equalTo("running"))
            .willReturn(AwsApiStub.xml(200, Ec2Xml.response(
                "DescribeInstances", Ec2Xml.instance(id, address, ElbXml.VPC, instanceGroups.get(id)))))));
        stub.ec2Answers("DescribeSecurityGroupRules", "<securityGroupRuleSet>" + Ec2Xml.items(rules)
            + "</securityGroupRuleSet>");
        stub.ec2Answers("DescribeNetworkInterfaces", "<networkInterfaceSet>" + Ec2Xml.items(BALANCER_ADDRESSES.stream()
            .map(Ec2Xml::balancerInterface).toList()) + "</networkInterfaceSet>");
    }
}
