package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.cloud.diagnose.SecurityRuleEvaluator;
import io.hapair.cloud.diagnose.Traffic;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.plan.PairPlanner;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologyFile;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.cloud.topology.SecurityRule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ARM template and the azure-ha-pair module declare exactly what the Azure adapter owns:
 * `hanode cloud plan` (and each node's balancer self-check) right after a deployment must find
 * nothing to change, or `hanode cloud apply` would rewrite the deployment's balancer and NSG. The
 * adapter's desired state is built as the adapter builds it, from the topology file the deployment
 * writes onto its nodes; the planner then compares it with what the deployment declares, read the
 * way the adapter reads Azure (the probe's count from probeThreshold, which current API versions
 * act on). Rules outside the adapter's name prefix are the deployment's own and never planned: the
 * denies after the allows, checked here with the adapter's own NSG evaluator.
 */
class AzureAdapterAgreementTest {

    // A VirtualNetwork address outside every client range of the samples (a peered or on-premises range).
    private static final String OTHER_NETWORK_ADDRESS = "10.200.0.9";
    private static final String PROBE_ADDRESS = "168.63.129.16";
    // ARM's default when a probe leaves probeThreshold out: one failed probe marks a node down.
    private static final int ARM_DEFAULT_PROBE_THRESHOLD = 1;
    // azurerm's defaults for the two probe counts.
    private static final long AZURERM_DEFAULT_PROBE_THRESHOLD = 1;
    private static final long AZURERM_DEFAULT_NUMBER_OF_PROBES = 2;

    @TempDir
    Path scratch;

    /** One deployment as evaluated: what it declares and the topology file its nodes get. */
    private record Deployed(List<CloudPart> declared, String topologyFile, String resourceGroup, String loadBalancer,
                            String securityGroup, Map<String, String> nicByAddress) {
    }

    static Stream<Arguments> armDeployments() throws Exception {
        return ArmTemplateTest.deployments();
    }

    static Stream<Arguments> moduleDeployments() {
        return AzureTerraformModuleTest.deployments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("armDeployments")
    void adapterPlansNothingForWhatTheArmTemplateDeclares(String label, Map<String, JsonNode> parameters)
        throws Exception {
        assertNothingToChange(arm(deploy(parameters)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleDeployments")
    void adapterPlansNothingForWhatTheTerraformModuleDeclares(String label, Map<String, Object> variables)
        throws Exception {
        assertNothingToChange(module(AzureTerraformModuleTest.evaluate(variables)));
    }

    /** The check can fail: a renamed rule, another probe count or interval is a change the adapter would make. */
    @Test
    void aRenamedRuleOrAnotherProbeSettingIsAChangeTheAdapterWouldMake() throws Exception {
        JsonNode template = ArmTemplate.read(DeploySamples.armTemplate());
        ObjectNode variables = (ObjectNode) template.path("variables");
        variables.put("probeUnhealthyThreshold", 3);
        variables.put("probeIntervalSeconds", 15);
        ObjectNode natRule = (ObjectNode) variables.path("natRules").get(0);
        natRule.put("name", "hapair-nat-node1-ui");
        List<String> plan = plan(arm(ArmTemplate.withParameters(template, ArmTemplateTest.requiredParameters())));
        assertThat(plan).contains("~ update health probe hapair-health-probe: intervalSeconds 15 -> 5, unhealthyThreshold 3 -> 2");
        assertThat(plan).anyMatch(line -> line.startsWith("+ add NAT rule hapair-nat-node1-api: "))
            .anyMatch(line -> line.startsWith("- remove NAT rule hapair-nat-node1-ui: "));
    }

    /** Published ports the adapter refuses (out of range, the pair's own, twice) fail the ARM deployment too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPorts")
    void publishedPortsTheAdapterRefusesFailTheArmDeployment(String label, List<PublishedPort> ports) {
        ArrayNode published = JsonNodeFactory.instance.arrayNode();
        ports.forEach(port -> published.addObject().put("port", port.port())
            .put("protocol", port.protocol() == Protocol.UDP ? "Udp" : "Tcp"));
        Map<String, JsonNode> parameters = new HashMap<>(ArmTemplateTest.requiredParameters());
        parameters.put("publishedPorts", published);
        assertThatThrownBy(() -> DeploySamples.topology("10.0.1.4", "10.0.1.5", ports, List.of("VirtualNetwork")))
            .as("PairTopology").isInstanceOf(InvalidTopologyException.class);
        assertThatThrownBy(() -> deploy(parameters).resources("Microsoft.Network/loadBalancers"))
            .hasMessageContaining("publishedPorts is invalid");
    }

    static Stream<Arguments> refusedPorts() {
        return Stream.of(Arguments.of("0", List.of(new PublishedPort(0, Protocol.TCP))),
            Arguments.of("65536", List.of(new PublishedPort(65_536, Protocol.TCP))),
            Arguments.of("22 (SSH)", List.of(new PublishedPort(22, Protocol.TCP))),
            Arguments.of("8444 (health check)", List.of(new PublishedPort(8444, Protocol.TCP))),
            Arguments.of("6973/udp (peer link)", List.of(new PublishedPort(6973, Protocol.UDP))),
            Arguments.of("443 twice", List.of(new PublishedPort(443, Protocol.TCP), new PublishedPort(443, Protocol.TCP))));
    }

    /**
     * Azure's AllowVnetInBound admits the whole VirtualNetwork tag (peered and on-premises ranges):
     * the deployment's denies keep the management ports to the clients, the balancer's probe and the nodes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("armDeployments")
    void managementPortsOfTheArmTemplateAdmitOnlyTheClients(String label, Map<String, JsonNode> parameters)
        throws Exception {
        ArmTemplate arm = deploy(parameters);
        assertManagementPortsAdmitOnlyTheClients(arm(arm), ArmTemplateTest.topologyFor(arm));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moduleDeployments")
    void managementPortsOfTheTerraformModuleAdmitOnlyTheClients(String label, Map<String, Object> variables)
        throws Exception {
        TerraformValues values = AzureTerraformModuleTest.evaluate(variables);
        assertManagementPortsAdmitOnlyTheClients(module(values), AzureTerraformModuleTest.topologyFor(values));
    }

    private static ArmTemplate deploy(Map<String, JsonNode> parameters) throws Exception {
        return ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()), parameters);
    }

    private void assertNothingToChange(Deployed deployed) throws Exception {
        Path file = Files.writeString(scratch.resolve("cloud-topology.yaml"), deployed.topologyFile());
        CloudSettings settings = TopologyFile.read(file);
        PairTopology desired = TopologySettings.read(settings);
        assertThat(plan(deployed, desired)).as("what `hanode cloud plan` would change after the deployment").isEmpty();
        // The topology file names the deployment's own balancer, NSG and NICs, node 1's first.
        assertThat(settings.text("provider")).contains("azure");
        assertThat(settings.text("azure.loadBalancer")).contains(deployed.loadBalancer());
        assertThat(settings.text("azure.networkSecurityGroup")).contains(deployed.securityGroup());
        assertThat(List.of(settings.text("azure.node1Nic").orElseThrow(), settings.text("azure.node2Nic").orElseThrow()))
            .containsExactly(deployed.nicByAddress().get(desired.node1().address()),
                deployed.nicByAddress().get(desired.node2().address()));
        assertThat(settings.text("azure.resourceGroup")).contains(deployed.resourceGroup());
        assertThat(settings.text("azure.subscription")).contains(ArmExpression.SUBSCRIPTION);
    }

    private List<String> plan(Deployed deployed) throws Exception {
        Path file = Files.writeString(scratch.resolve("cloud-topology.yaml"), deployed.topologyFile());
        return plan(deployed, TopologySettings.read(TopologyFile.read(file)));
    }

    private static List<String> plan(Deployed deployed, PairTopology desired) {
        List<CloudPart> parts = deployed.declared();
        ObservedPair observed = new ObservedPair(ofType(parts, BackendPool.class), ofType(parts, HealthProbe.class),
            ofType(parts, BalancingRule.class), ofType(parts, NatRule.class), ofType(parts, SecurityRule.class), List.of());
        return PairPlanner.plan(desired, observed).stream().map(Change::describe).toList();
    }

    private static void assertManagementPortsAdmitOnlyTheClients(Deployed deployed, PairTopology topology) {
        List<SecurityRule> rules = ofType(deployed.declared(), SecurityRule.class);
        PairTopology.ManagementPorts ports = topology.managementPorts();
        String client = topology.clientSources().get(0).equals("VirtualNetwork") ? OTHER_NETWORK_ADDRESS
            : topology.clientSources().get(0).replaceAll("\\.0/\\d+$", ".7");
        String node = topology.node1().address();
        for (int port : List.of(ports.api(), ports.ssh(), topology.healthCheckPort())) {
            assertThat(access(rules, client, Set.of("VirtualNetwork"), node, port)).as("a client to " + port)
                .isEqualTo(SecurityRule.Access.ALLOW);
            if (!client.equals(OTHER_NETWORK_ADDRESS)) {
                assertThat(access(rules, OTHER_NETWORK_ADDRESS, Set.of("VirtualNetwork"), node, port))
                    .as("a peered or on-premises address outside the clients to " + port)
                    .isEqualTo(SecurityRule.Access.DENY);
            }
        }
        assertThat(access(rules, PROBE_ADDRESS, Set.of("AzureLoadBalancer"), node, topology.healthCheckPort()))
            .as("the balancer's probe").isEqualTo(SecurityRule.Access.ALLOW);
        assertThat(access(rules, topology.node2().address(), Set.of("VirtualNetwork"), node, topology.peerPort()))
            .as("the partner's peer link").isEqualTo(SecurityRule.Access.ALLOW);
    }

    private static SecurityRule.Access access(List<SecurityRule> rules, String source, Set<String> sourceTags,
                                              String destination, int port) {
        // No deciding rule falls through to Azure's defaults, and AllowVnetInBound admits the network.
        return SecurityRuleEvaluator.decidingRule(rules, new Traffic(Protocol.TCP, source, sourceTags, destination,
            Set.of("VirtualNetwork"), port)).map(SecurityRule::access).orElse(SecurityRule.Access.ALLOW);
    }

    private static Deployed arm(ArmTemplate arm) throws Exception {
        PairTopology topology = ArmTemplateTest.topologyFor(arm);
        List<CloudPart> declared = new ArrayList<>(ArmPairParts.of(arm, topology).stream()
            .filter(part -> !(part instanceof HealthProbe)).toList());
        for (JsonNode probe : ArmPairParts.single(arm, "Microsoft.Network/loadBalancers").properties().path("probes")) {
            JsonNode p = probe.path("properties");
            // Older tools read numberOfProbes; the adapter writes it equal to probeThreshold.
            assertThat(p.path("numberOfProbes").asInt()).as("numberOfProbes").isEqualTo(p.path("probeThreshold").asInt());
            declared.add(new HealthProbe(probe.path("name").asText(),
                ProbeProtocol.valueOf(p.path("protocol").asText().toUpperCase(Locale.ROOT)), p.path("port").asInt(),
                p.path("requestPath").asText(), p.path("intervalInSeconds").asInt(),
                p.path("probeThreshold").asInt(ARM_DEFAULT_PROBE_THRESHOLD)));
        }
        Map<String, String> nics = new HashMap<>();
        for (ArmTemplate.Resource nic : arm.resources("Microsoft.Network/networkInterfaces")) {
            nics.put(nic.properties().path("ipConfigurations").get(0).path("properties").path("privateIPAddress").asText(),
                nic.evaluated().path("name").asText());
        }
        return new Deployed(declared, topologyFile(NodeUserDataTest.armNodes(arm, Map.of())), ArmExpression.RESOURCE_GROUP,
            ArmPairParts.single(arm, "Microsoft.Network/loadBalancers").evaluated().path("name").asText(),
            ArmPairParts.single(arm, "Microsoft.Network/networkSecurityGroups").evaluated().path("name").asText(), nics);
    }

    private static Deployed module(TerraformValues values) throws Exception {
        PairTopology topology = AzureTerraformModuleTest.topologyFor(values);
        List<CloudPart> declared = new ArrayList<>(new AzureModuleParts(AzureTerraformModuleTest.MODULE, values, topology)
            .parts().stream().filter(part -> !(part instanceof HealthProbe)).toList());
        for (Map<String, Object> probe : values.instances("azurerm_lb_probe", "health").values()) {
            long threshold = probe.get("probe_threshold") == null ? AZURERM_DEFAULT_PROBE_THRESHOLD
                : TerraformValues.number(probe.get("probe_threshold"));
            long count = probe.get("number_of_probes") == null ? AZURERM_DEFAULT_NUMBER_OF_PROBES
                : TerraformValues.number(probe.get("number_of_probes"));
            assertThat(count).as("number_of_probes").isEqualTo(threshold);
            declared.add(new HealthProbe(TerraformValues.text(probe.get("name")),
                ProbeProtocol.valueOf(TerraformValues.text(probe.get("protocol")).toUpperCase(Locale.ROOT)),
                TerraformValues.number(probe.get("port")), TerraformValues.text(probe.get("request_path")),
                TerraformValues.number(probe.get("interval_in_seconds")), (int) threshold));
        }
        Map<String, String> nics = new HashMap<>();
        values.instances("azurerm_network_interface", "node").values().forEach(nic -> nics.put(
            TerraformValues.text(TerraformValues.cast(nic.get("ip_configuration")).get("private_ip_address")),
            TerraformValues.text(nic.get("name"))));
        String balancer = TerraformValues.text(values.instances("azurerm_lb", "pair").values().iterator().next().get("name"));
        String group = TerraformValues.text(values.instances("azurerm_network_security_group", "pair").values().iterator()
            .next().get("name"));
        String subscription = NodeUserDataTest.AZURE_SUBSCRIPTION_REF;
        String topologyFile = topologyFile(NodeUserDataTest.azureModuleNodes(values, Map.of()))
            .replace(subscription, ArmExpression.SUBSCRIPTION);
        return new Deployed(declared, topologyFile, TerraformValues.asString(values.variable("resource_group_name")),
            balancer, group, nics);
    }

    /** The topology file both nodes get (the same on both), for their self-check and for `hanode cloud`. */
    private static String topologyFile(List<CloudInitDocument> nodes) {
        String first = nodes.get(0).file(CloudInitDocument.TOPOLOGY).content();
        assertThat(nodes.get(1).file(CloudInitDocument.TOPOLOGY).content()).as("node 2's topology file").isEqualTo(first);
        return first;
    }

    private static <T extends CloudPart> List<T> ofType(List<CloudPart> parts, Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
