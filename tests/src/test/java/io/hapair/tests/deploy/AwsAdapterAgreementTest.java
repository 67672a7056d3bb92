package io.hapair.tests.deploy;

import static io.hapair.tests.deploy.TerraformValues.asString;
import static io.hapair.tests.deploy.TerraformValues.cast;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.aws.AwsProvider;
import io.hapair.cloud.run.CloudRun;
import io.hapair.cloud.run.PortSources;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.tests.deploy.TerraformValues.Ref;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/aws-ha-pair declares what the AWS adapter would create: `hanode cloud plan`
 * after `terraform apply` must find nothing to change, or `hanode cloud apply` (and the nodes'
 * self-check) would delete Terraform's groups and create its own. The module's resources are
 * evaluated for sample inputs and served, as ELB and EC2 return them after apply, by a stand-in
 * of both APIs; the adapter then plans with the topology file the module itself writes (output
 * cloud_topology), through its public entry point {@link CloudRun}.
 */
class AwsAdapterAgreementTest {

    private static final TerraformModule MODULE = TerraformModule.sample("modules/aws-ha-pair");

    // What exists only once applied, as the references the evaluation leaves stand for it.
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "123456789012";
    private static final String VPC = "vpc-0c1d2e3f4a5b6c7d8";
    private static final String BALANCER_ARN = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
        + ":loadbalancer/net/hapair-nlb/50dc6c495c0c9188";
    private static final String PAIR_GROUP = "sg-0123456789abcdef0";
    private static final Map<String, String> INSTANCES = Map.of("node1", "i-0a1b2c3d4e5f60718",
        "node2", "i-0f1e2d3c4b5a69788");
    private static final Map<String, String> DEPLOYED = Map.of(
        "${data.aws_region.current.region}", REGION,
        "${data.aws_vpc.pair.cidr_block}", "10.0.0.0/16",
        "${data.aws_subnet.pair[0].cidr_block}", "10.0.1.0/24",
        "${data.aws_subnet.pair[1].cidr_block}", "10.0.2.0/24",
        "${aws_lb.pair.arn}", BALANCER_ARN,
        "${aws_security_group.nodes.id}", PAIR_GROUP,
        "${aws_instance.node[node1].id}", INSTANCES.get("node1"),
        "${aws_instance.node[node2].id}", INSTANCES.get("node2"),
        "${aws_lb.pair.dns_name}", "hapair-nlb-50dc6c495c0c9188.elb." + REGION + ".amazonaws.com");
    // The NLB's own addresses in its two subnets: where its health checks come from.
    private static final List<String> BALANCER_ADDRESSES = List.of("10.0.1.37", "10.0.2.52");
    private static final String ELB_VERSION = "2015-12-01";
    private static final String ELB_NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final String EC2_VERSION = "2016-11-15";
    private static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    // This class's own loopback range (see HELPER-RULES: one third octet per test class).
    private static final String STAND_IN_HOST = "127.0.187.1";
    private static final Pattern CHANGE_LINE = Pattern.compile("^[+~-] .*");

    @TempDir
    Path scratch;

    static Stream<Arguments> deployments() {
        Map<String, Object> cidrs = new HashMap<>(AwsTerraformModuleTest.requiredVariables());
        cidrs.put("name", "pair-b");
        cidrs.put("client_cidr_blocks", List.of("192.0.2.0/24", "198.51.100.0/24"));
        cidrs.put("published_ports", List.of(Map.of("port", 8080L, "protocol", "Tcp"),
            Map.of("port", 5060L, "protocol", "Udp")));
        cidrs.put("monitoring_cidr_blocks", List.of("10.0.9.0/24", "10.0.8.17/32"));
        cidrs.put("snmp_port", 1161L);
        return Stream.of(Arguments.of("defaults", AwsTerraformModuleTest.requiredVariables()),
            Arguments.of("another name, client CIDRs, a UDP port, SNMP managers on another port", cidrs),
            Arguments.of("examples/aws", AwsTerraformModuleTest.exampleArguments()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void adapterPlansNothingForWhatTheModuleDeclares(String label, Map<String, Object> variables) throws Exception {
        DeclaredPair declared = DeclaredPair.of(new TerraformValues(MODULE, variables));
        List<String> printed = plan(declared);
        assertThat(printed.stream().filter(line -> CHANGE_LINE.matcher(line).matches()).toList())
            .as("what `hanode cloud plan` would change after `terraform apply`:\n" + String.join("\n", printed))
            .isEmpty();
    }

    /**
     * A node's self-check reads the topology file its user data writes, which cannot carry the
     * instance IDs (they exist only after the instances): the adapter finds each instance by its
     * node's address, and must still find nothing to change.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachNodesOwnTopologyFileWithoutInstanceIdsPlansNothingToChange(String label, Map<String, Object> variables)
        throws Exception {
        DeclaredPair declared = DeclaredPair.of(new TerraformValues(MODULE, variables));
        assertThat(declared.nodeTopologies).containsOnlyKeys("node1", "node2");
        for (Map.Entry<String, String> node : declared.nodeTopologies.entrySet()) {
            assertThat(node.getValue()).as(node.getKey() + "'s topology file").doesNotContain("Instance");
            List<String> printed = plan(declared, node.getValue());
            assertThat(printed).as("what " + node.getKey() + "'s self-check plans:\n" + String.join("\n", printed))
                .noneMatch(line -> CHANGE_LINE.matcher(line).matches()).endsWith("(outcome CONVERGED)");
        }
    }

    /** Each departure from the adapter's way is a change the adapter would make: the agreement check can fail. */
    static Stream<Arguments> departures() {
        return Stream.of(
            Arguments.of("the old name of a target group", (Consumer<DeclaredPair>) pair -> pair.group("hapair-rule-tcp-443")
                .name = "hapair-tcp-443", List.of("+ add backend pool hapair-rule-tcp-443", "- remove backend pool hapair-tcp-443")),
            Arguments.of("a 15 s drain", (Consumer<DeclaredPair>) pair -> pair.group("hapair-rule-tcp-8444")
                .attributes.put("deregistration_delay.timeout_seconds", "15"),
                List.of("~ update backend pool hapair-rule-tcp-8444: drain")),
            Arguments.of("connections left open after the drain", (Consumer<DeclaredPair>) pair -> pair.group(
                "hapair-rule-tcp-443").attributes.put("deregistration_delay.connection_termination.enabled", "false"),
                List.of("~ update backend pool hapair-rule-tcp-443: drain")),
            Arguments.of("a management group's 15 s drain", (Consumer<DeclaredPair>) pair -> pair.group(
                "hapair-nat-node1-api").attributes.put("deregistration_delay.timeout_seconds", "15"),
                List.of("~ update NAT rule hapair-nat-node1-api: drain")),
            Arguments.of("a management group's 30 s health check", (Consumer<DeclaredPair>) pair -> pair.group(
                "hapair-nat-node2-ssh").check.put("interval", 30L), List.of("~ update NAT rule hapair-nat-node2-ssh: "
                + "healthCheck")),
            Arguments.of("the old pair-id tag", (Consumer<DeclaredPair>) pair -> pair.groups.forEach(group ->
                group.tags.put("hapair:pair-id", group.tags.remove("hapair:pair"))),
                List.of("+ add backend pool hapair-rule-tcp-8444", "+ add NAT rule hapair-nat-node2-ssh")),
            Arguments.of("a security rule on another port", (Consumer<DeclaredPair>) pair -> pair.rules.stream()
                .filter(rule -> "hapair-allow-probe".equals(rule.tags.get("hapair:part"))).forEach(rule -> {
                    rule.fromPort = 8445;
                    rule.toPort = 8445;
                }), List.of("~ update security rule hapair-allow-probe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("departures")
    void aDeclarationUnlikeTheAdaptersIsPlannedAsAChange(String label, Consumer<DeclaredPair> departure,
                                                        List<String> expectedChanges) throws Exception {
        Map<String, Object> variables = new HashMap<>(AwsTerraformModuleTest.requiredVariables());
        variables.put("published_ports", List.of(Map.of("port", 443L, "protocol", "Tcp")));
        DeclaredPair declared = DeclaredPair.of(new TerraformValues(MODULE, variables));
        departure.accept(declared);
        String printed = String.join("\n", plan(declared));
        for (String change : expectedChanges) {
            assertThat(printed).as("the plan").contains(change);
        }
    }

    /**
     * The node's self-check runs the adapter's diagnosis with the instance profile's credentials:
     * every call that plan and diagnose make must be allowed by the module's role policy.
     */
    @Test
    void instanceProfileAllowsEveryCallOfTheAdaptersPlanAndDiagnosis() throws Exception {
        TerraformValues values = new TerraformValues(MODULE, AwsTerraformModuleTest.requiredVariables());
        DeclaredPair declared = DeclaredPair.of(values);
        Set<String> called = new LinkedHashSet<>();
        // The operator's topology (output cloud_topology) and the one the node itself reads.
        for (String topology : List.of(declared.topology, declared.nodeTopologies.get("node1"))) {
            try (StandIn aws = StandIn.start(declared)) {
                CloudRun run = open(topology, aws, line -> { });
                run.plan();
                run.diagnose(Map.of());
                called.addAll(aws.actions);
            }
        }
        List<String> allowed = new ArrayList<>();
        for (Object statement : (List<?>) cast(values.local("node_policy")).get("Statement")) {
            Object actions = cast(statement).get("Action");
            if (actions instanceof List<?> list) {
                list.forEach(action -> allowed.add(asString(action)));
            } else {
                allowed.add(asString(actions));
            }
        }
        assertThat(called).as("calls of the adapter").contains("elasticloadbalancing:DescribeTargetGroups",
            "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances");
        assertThat(called.stream().filter(action -> allowed.stream().noneMatch(grant -> grants(grant, action))))
            .as("calls the instance profile does not allow (policy actions " + allowed + ")").isEmpty();
        assertThat(allowed).as("only reads and the secrets").allMatch(action -> action.startsWith("ssm:Get")
            || action.startsWith("kms:Decrypt") || action.contains(":Describe"));
    }

    private static boolean grants(String grant, String action) {
        return grant.endsWith("*") ? action.startsWith(grant.substring(0, grant.length() - 1)) : grant.equals(action);
    }

    private List<String> plan(DeclaredPair declared) throws Exception {
        return plan(declared, declared.topology);
    }

    private List<String> plan(DeclaredPair declared, String topology) throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        try (StandIn aws = StandIn.start(declared)) {
            CloudRun.Outcome outcome = open(topology, aws, printed::add).plan();
            printed.add("(outcome " + outcome + ")");
        }
        return printed;
    }

    /**
     * The adapter as `hanode cloud plan --topology FILE` opens it, FILE being the module's
     * cloud_topology output or the file a node's user data writes.
     */
    private CloudRun open(String topologyText, StandIn aws, io.hapair.cloud.adapter.Progress out) throws Exception {
        Path topology = scratch.resolve("topology-" + System.nanoTime() + ".yaml");
        Files.writeString(topology, topologyText);
        CloudSettings settings = TopologyFile.read(topology).overriddenBy(Map.of(
            "aws.elbEndpoint", aws.endpoint(), "aws.ec2Endpoint", aws.endpoint()));
        AwsProvider provider = AwsProvider.using(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), AwsRetryStrategy.doNotRetry());
        return CloudRun.open(settings, PortSources.none(), out, name -> provider);
    }

    /** An applied value: a reference to what exists only after apply becomes its sample. */
    private static String deployed(Object value) {
        String text = asString(value);
        for (Map.Entry<String, String> sample : DEPLOYED.entrySet()) {
            text = text.replace(sample.getKey(), sample.getValue());
        }
        assertThat(text).as("a reference without a sample value").doesNotContain("${");
        return text;
    }

    /** A target group as DescribeTargetGroups, DescribeTags, DescribeTargetHealth and DescribeTargetGroupAttributes return it. */
    static final class Group {
        String name;
        final String key;
        final String protocol;
        final int port;
        final Map<String, Object> check;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<String> targets = new ArrayList<>();

        Group(String key, Map<String, Object> declared) {
            this.key = key;
            this.name = asString(declared.get("name"));
            this.protocol = asString(declared.get("protocol"));
            this.port = TerraformValues.number(declared.get("port"));
            this.check = cast(declared.get("health_check"));
            cast(declared.get("tags")).forEach((k, v) -> tags.put(k, asString(v)));
            // What ELB holds for an attribute the module leaves out is its documented default.
            attributes.put("deregistration_delay.timeout_seconds", asString(declared.getOrDefault("deregistration_delay", 300L)));
            attributes.put("deregistration_delay.connection_termination.enabled",
                asString(declared.getOrDefault("connection_termination", false)));
            Map<String, Object> stickiness = cast(declared.getOrDefault("stickiness", Map.of()));
            attributes.put("stickiness.enabled", asString(stickiness.getOrDefault("enabled", false)));
            attributes.put("stickiness.type", asString(stickiness.getOrDefault("type", "source_ip")));
        }

        String arn() {
            return "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":targetgroup/" + name + "/"
                + String.format("%016x", name.hashCode() & 0xffffffffL);
        }

        boolean httpCheck() {
            return "HTTP".equals(asString(check.get("protocol")));
        }

        /** A health-check field as declared, or ELB's default for an NLB group. */
        String checkValue(String field, Object elbDefault) {
            return asString(check.getOrDefault(field, elbDefault));
        }
    }

    record Listener(int port, String protocol, String groupKey, Map<String, String> tags) {
    }

    /** An inbound rule as DescribeSecurityGroupRules returns it; {@code source} is a CIDR or a group ID. */
    static final class Rule {
        final String id;
        final String protocol;
        int fromPort;
        int toPort;
        final String source;
        final String description;
        final Map<String, String> tags = new LinkedHashMap<>();

        Rule(String id, Map<String, Object> declared) {
            this.id = id;
            this.protocol = asString(declared.get("ip_protocol"));
            this.fromPort = TerraformValues.number(declared.get("from_port"));
            this.toPort = TerraformValues.number(declared.get("to_port"));
            this.source = deployed(declared.containsKey("cidr_ipv4") ? declared.get("cidr_ipv4")
                : declared.get("referenced_security_group_id"));
            this.description = asString(declared.get("description"));
            cast(declared.get("tags")).forEach((k, v) -> tags.put(k, asString(v)));
            assertThat(deployed(declared.get("security_group_id"))).as("rule " + description + "'s group")
                .isEqualTo(PAIR_GROUP);
        }
    }

    /** What AWS holds after `terraform apply` of the module: read from its evaluated resources. */
    static final class DeclaredPair {
        final List<Group> groups = new ArrayList<>();
        final List<Listener> listeners = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        final Map<String, String> instanceAddresses = new LinkedHashMap<>();
        final Map<String, List<String>> instanceGroups = new LinkedHashMap<>();
        final String topology;
        // Node key (node1, node2) to the topology file its user data writes for its self-check.
        final Map<String, String> nodeTopologies = new LinkedHashMap<>();

        private DeclaredPair(String topology) {
            this.topology = topology;
        }

        static DeclaredPair of(TerraformValues values) {
            DeclaredPair pair = new DeclaredPair(deployed(values.output("cloud_topology")));
            for (String kind : List.of("traffic", "management")) {
                values.instances("aws_lb_target_group", kind).forEach((key, declared) ->
                    pair.groups.add(new Group(key.toString(), declared)));
                values.instances("aws_lb_target_group_attachment", kind).values().forEach(attachment -> {
                    Ref group = (Ref) attachment.get("target_group_arn");
                    Ref instance = (Ref) attachment.get("target_id");
                    pair.groupByKey(group.key().toString()).targets.add(INSTANCES.get(instance.key().toString()) + ":"
                        + attachment.get("port"));
                });
                values.instances("aws_lb_listener", kind).values().forEach(listener -> {
                    assertThat(deployed(listener.get("load_balancer_arn"))).isEqualTo(BALANCER_ARN);
                    Ref group = (Ref) cast(listener.get("default_action")).get("target_group_arn");
                    Map<String, String> tags = new LinkedHashMap<>();
                    cast(listener.get("tags")).forEach((k, v) -> tags.put(k, asString(v)));
                    pair.listeners.add(new Listener(TerraformValues.number(listener.get("port")),
                        asString(listener.get("protocol")), group.key().toString(), tags));
                });
            }
            for (String kind : List.of("from_cidr", "from_nodes", "from_balancer")) {
                values.instances("aws_vpc_security_group_ingress_rule", kind).values().forEach(rule ->
                    pair.rules.add(new Rule(String.format("sgr-%017x", 0x0a1b2c3d4e5f6L + pair.rules.size()), rule)));
            }
            // Their addresses and groups as EC2 reports them, and the topology file each node's user data writes.
            Map<String, Object> instance = MODULE.resource("aws_instance", "node");
            TerraformValues.entries(values.evaluate(instance.get("for_each"), Map.of())).forEach((node, settings) -> {
                Map<String, Object> scope = Map.of("each", Map.of("key", node, "value", settings));
                String id = INSTANCES.get(node.toString());
                pair.instanceAddresses.put(id, asString(values.evaluate(instance.get("private_ip"), scope)));
                pair.instanceGroups.put(id, ((List<?>) values.evaluate(instance.get("vpc_security_group_ids"), scope))
                    .stream().map(AwsAdapterAgreementTest::deployed).toList());
            });
            values.instances("aws_instance", "node").forEach((node, declared) -> pair.nodeTopologies.put(
                node.toString(), nodeFile(deployed(declared.get("user_data")), CloudInitDocument.TOPOLOGY)));
            return pair;
        }

        private static String nodeFile(String userData, String path) {
            try {
                return CloudInitDocument.parse(userData).file(path).content();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Group group(String name) {
            return groups.stream().filter(group -> group.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the module declares no target group " + name));
        }

        private Group groupByKey(String key) {
            return groups.stream().filter(group -> group.key.equals(key)).findFirst().orElseThrow();
        }

        Listener listenerTo(Group group) {
            return listeners.stream().filter(listener -> listener.groupKey().equals(group.key)).findFirst().orElse(null);
        }
    }

    /**
     * ELB (Query protocol, API 2015-12-01) and EC2 (API 2016-11-15) for the Describe calls the
     * adapter makes, answering from a {@link DeclaredPair} with XML shaped as the API references'
     * examples. Any other call is answered with an error naming it, so the plan fails loudly.
     */
    static final class StandIn implements AutoCloseable {
        private final Vertx vertx = Vertx.vertx();
        private final DeclaredPair pair;
        private final HttpServer server;
        final Set<String> actions = new LinkedHashSet<>();

        private StandIn(DeclaredPair pair) throws Exception {
            this.pair = pair;
            this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, STAND_IN_HOST)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        static StandIn start(DeclaredPair pair) throws Exception {
            return new StandIn(pair);
        }

        String endpoint() {
            return "http://" + STAND_IN_HOST + ":" + server.actualPort();
        }

        private void handle(HttpServerRequest request) {
            request.setExpectMultipart(true);
            request.endHandler(done -> {
                MultiMap form = request.formAttributes();
                String action = form.get("Action");
                boolean elb = ELB_VERSION.equals(form.get("Version"));
                actions.add((elb ? "elasticloadbalancing:" : "ec2:") + action);
                String body;
                int status = 200;
                try {
                    body = elb ? elb(action, form) : ec2(action, form);
                } catch (XMLStreamException | RuntimeException e) {
                    status = 400;
                    body = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>stand-in: "
                        + e.getMessage() + "</Message></Error></ErrorResponse>";
                }
                request.response().setStatusCode(status).putHeader("Content-Type", "text/xml;charset=UTF-8").end(body);
            });
        }

        private String elb(String action, MultiMap form) throws XMLStreamException {
            Xml xml = new Xml();
            xml.open(action + "Response").namespace(ELB_NAMESPACE).open(action + "Result");
            switch (action) {
                case "DescribeLoadBalancers" -> {
                    xml.open("LoadBalancers").open("member").text("LoadBalancerArn", BALANCER_ARN)
                        .text("DNSName", "hapair-nlb-50dc6c495c0c9188.elb." + REGION + ".amazonaws.com")
                        .text("LoadBalancerName", "hapair-nlb").text("Scheme", "internal").text("VpcId", VPC)
                        .open("State").text("Code", "active").close().text("Type", "network")
                        .text("IpAddressType", "ipv4").close().close();
                }
                case "DescribeListeners" -> {
                    xml.open("Listeners");
                    for (Listener listener : pair.listeners) {
                        xml.open("member").text("ListenerArn", listenerArn(listener.port()))
                            .text("LoadBalancerArn", BALANCER_ARN).text("Port", listener.port())
                            .text("Protocol", listener.protocol()).open("DefaultActions").open("member")
                            .text("Type", "forward").text("TargetGroupArn", pair.groupByKey(listener.groupKey()).arn())
                            .close().close().close();
                    }
                    xml.close();
                }
                case "DescribeTargetGroups" -> {
                    xml.open("TargetGroups");
                    for (Group group : pair.groups) {
                        xml.open("member").text("TargetGroupArn", group.arn()).text("TargetGroupName", group.name)
                            .text("Protocol", group.protocol).text("Port", group.port).text("VpcId", VPC)
                            .text("HealthCheckProtocol", group.checkValue("protocol", "TCP"))
                            .text("HealthCheckPort", group.checkValue("port", "traffic-port"))
                            .text("HealthCheckEnabled", group.checkValue("enabled", true))
                            .text("HealthCheckIntervalSeconds", group.checkValue("interval", 30))
                            .text("HealthCheckTimeoutSeconds", group.checkValue("timeout", group.httpCheck() ? 6 : 10))
                            .text("HealthyThresholdCount", group.checkValue("healthy_threshold", 5))
                            .text("UnhealthyThresholdCount", group.checkValue("unhealthy_threshold", 2));
                        if (group.httpCheck()) {
                            xml.text("HealthCheckPath", group.checkValue("path", "/")).open("Matcher")
                                .text("HttpCode", group.checkValue("matcher", "200-399")).close();
                        }
                        xml.open("LoadBalancerArns");
                        if (pair.listenerTo(group) != null) {
                            xml.text("member", BALANCER_ARN);
                        }
                        xml.close().text("TargetType", "instance").close();
                    }
                    xml.close();
                }
                case "DescribeTags" -> {
                    xml.open("TagDescriptions");
                    for (Group group : pair.groups) {
                        tags(xml, group.arn(), group.tags);
                    }
                    for (Listener listener : pair.listeners) {
                        tags(xml, listenerArn(listener.port()), listener.tags());
                    }
                    xml.close();
                }
                case "DescribeTargetHealth" -> {
                    Group group = groupWithArn(form.get("TargetGroupArn"));
                    xml.open("TargetHealthDescriptions");
                    for (String target : group.targets) {
                        String[] idAndPort = target.split(":");
                        xml.open("member").open("Target").text("Id", idAndPort[0]).text("Port", idAndPort[1]).close()
                            .text("HealthCheckPort", idAndPort[1]).open("TargetHealth").text("State", "healthy")
                            .close().close();
                    }
                    xml.close();
                }
                case "DescribeTargetGroupAttributes" -> {
                    xml.open("Attributes");
                    groupWithArn(form.get("TargetGroupArn")).attributes.forEach((key, value) ->
                        xml.open("member").text("Key", key).text("Value", value).close());
                    xml.close();
                }
                default -> throw new IllegalArgumentException("no ELB action " + action);
            }
            xml.close().open("ResponseMetadata").text("RequestId", "4c1fb2a6-52a1-4d0e-9f4c-2b0e6b1d9a1e").close();
            return xml.done();
        }

        private String ec2(String action, MultiMap form) throws XMLStreamException {
            Xml xml = new Xml();
            xml.open(action + "Response").namespace(EC2_NAMESPACE).text("requestId", "59dbff89-35bd-4eac-99ed-be587e");
            switch (action) {
                case "DescribeInstances" -> {
                    xml.open("reservationSet");
                    for (String id : instancesAsked(form)) {
                        String address = pair.instanceAddresses.get(id);
                        xml.open("item").text("reservationId", "r-0" + id.substring(3))
                            .text("ownerId", ACCOUNT).open("instancesSet").open("item").text("instanceId", id)
                            .open("instanceState").text("code", 16).text("name", "running").close()
                            .text("vpcId", VPC).text("privateIpAddress", address).open("groupSet");
                        for (String group : pair.instanceGroups.get(id)) {
                            xml.open("item").text("groupId", group).text("groupName", group + "-name").close();
                        }
                        xml.close().open("networkInterfaceSet").open("item")
                            .text("networkInterfaceId", "eni-0" + id.substring(3)).text("vpcId", VPC)
                            .text("privateIpAddress", address).open("privateIpAddressesSet").open("item")
                            .text("privateIpAddress", address).text("primary", true).close().close().close().close()
                            .close().close().close();
                    }
                    xml.close();
                }
                case "DescribeSecurityGroupRules" -> {
                    xml.open("securityGroupRuleSet");
                    for (Rule rule : pair.rules) {
                        xml.open("item").text("securityGroupRuleId", rule.id).text("groupId", PAIR_GROUP)
                            .text("groupOwnerId", ACCOUNT).text("isEgress", false).text("ipProtocol", rule.protocol)
                            .text("fromPort", rule.fromPort).text("toPort", rule.toPort);
                        if (rule.source.startsWith("sg-")) {
                            xml.open("referencedGroupInfo").text("groupId", rule.source).text("userId", ACCOUNT).close();
                        } else {
                            xml.text("cidrIpv4", rule.source);
                        }
                        xml.text("description", rule.description).open("tagSet");
                        rule.tags.forEach((key, value) -> xml.open("item").text("key", key).text("value", value).close());
                        xml.close().close();
                    }
                    xml.close();
                }
                case "DescribeNetworkInterfaces" -> {
                    xml.open("networkInterfaceSet");
                    for (String address : BALANCER_ADDRESSES) {
                        xml.open("item").text("networkInterfaceId", "eni-0" + Integer.toHexString(address.hashCode()))
                            .text("description", "ELB net/hapair-nlb/50dc6c495c0c9188")
                            .text("interfaceType", "network_load_balancer").text("vpcId", VPC)
                            .text("privateIpAddress", address).close();
                    }
                    xml.close();
                }
                default -> throw new IllegalArgumentException("no EC2 action " + action);
            }
            return xml.close().done();
        }

        /**
         * The instances a DescribeInstances call asks for: by ID, or by EC2's filters (every instance
         * here is running in the VPC, so the filters on both leave them all or none).
         */
        private List<String> instancesAsked(MultiMap form) {
            if (form.contains("InstanceId.1")) {
                return List.of(form.get("InstanceId.1"));
            }
            Map<String, String> filters = new HashMap<>();
            for (int n = 1; form.contains("Filter." + n + ".Name"); n++) {
                String name = form.get("Filter." + n + ".Name");
                if (form.contains("Filter." + n + ".Value.2")
                    || !Set.of("private-ip-address", "vpc-id", "instance-state-name").contains(name)) {
                    throw new IllegalArgumentException("no DescribeInstances filter " + name + " with these values");
                }
                filters.put(name, form.get("Filter." + n + ".Value.1"));
            }
            if (!VPC.equals(filters.getOrDefault("vpc-id", VPC))
                || !"running".equals(filters.getOrDefault("instance-state-name", "running"))) {
                return List.of();
            }
            return pair.instanceAddresses.entrySet().stream()
                .filter(instance -> !filters.containsKey("private-ip-address")
                    || instance.getValue().equals(filters.get("private-ip-address")))
                .map(Map.Entry::getKey).toList();
        }

        private static void tags(Xml xml, String arn, Map<String, String> tags) {
            xml.open("member").text("ResourceArn", arn).open("Tags");
            tags.forEach((key, value) -> xml.open("member").text("Key", key).text("Value", value).close());
            xml.close().close();
        }

        private Group groupWithArn(String arn) {
            return pair.groups.stream().filter(group -> group.arn().equals(arn)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target group " + arn));
        }

        private static String listenerArn(int port) {
            return BALANCER_ARN.replace(":loadbalancer/", ":listener/") + "/" + String.format("%016x", (long) port);
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A response document, written with StAX so that every value is escaped as XML needs. */
    private static final class Xml {
        private final StringWriter out = new StringWriter();
        private final XMLStreamWriter writer;

        Xml() throws XMLStreamException {
            writer = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        }

        Xml open(String name) {
            return write(() -> writer.writeStartElement(name));
        }

        Xml namespace(String uri) {
            return write(() -> writer.writeDefaultNamespace(uri));
        }

        Xml text(String name, Object value) {
            return write(() -> {
                writer.writeStartElement(name);
                writer.writeCharacters(String.valueOf(value));
                writer.writeEndElement();
            });
        }

        Xml close() {
            return write(writer::writeEndElement);
        }

        String done() {
            write(writer::writeEndDocument);
            return out.toString();
        }

        private Xml write(XmlStep step) {
            try {
                step.run();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        @FunctionalInterface
        private interface XmlStep {
            void run() throws XMLStreamException;
        }
    }
}
