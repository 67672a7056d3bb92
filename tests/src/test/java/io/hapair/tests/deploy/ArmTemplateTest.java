package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** arm-templates/azuredeploy.json: well-formed references, and the balancer and NSG PairTopology wants. */
class ArmTemplateTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static JsonNode template;

    @BeforeAll
    static void readTemplate() throws IOException {
        template = ArmTemplate.read(DeploySamples.armTemplate());
    }

    /** The parameters without a default: the ones the portal insists on. */
    static Map<String, JsonNode> requiredParameters() {
        return Map.of("adminPassword", TextNode.valueOf(DeploySamples.ADMIN_PASSWORD),
            "pairingSecret", TextNode.valueOf(DeploySamples.PAIRING_SECRET),
            "nodeReleaseUrl", TextNode.valueOf(DeploySamples.RELEASE_URL),
            "nodeReleaseSha256", TextNode.valueOf(DeploySamples.RELEASE_SHA256),
            "adminSshPublicKey", TextNode.valueOf(DeploySamples.SSH_PUBLIC_KEY));
    }

    /** Three ways of filling in the rest: defaults, the sample parameter file, the other options. */
    static Stream<Arguments> deployments() throws IOException {
        Map<String, JsonNode> secrets = requiredParameters();
        Map<String, JsonNode> sampleFile = new HashMap<>(
            ArmTemplate.parameterFileValues(ArmTemplate.read(DeploySamples.armParameters())));
        sampleFile.putAll(secrets);
        Map<String, JsonNode> zonesPublicAndCidrs = new HashMap<>(secrets);
        zonesPublicAndCidrs.put("availabilityOption", TextNode.valueOf("AvailabilityZones"));
        zonesPublicAndCidrs.put("publicIpOption", TextNode.valueOf("new"));
        zonesPublicAndCidrs.put("clientAddressPrefix", TextNode.valueOf(""));
        zonesPublicAndCidrs.put("clientAddressPrefixes", JSON.arrayNode().add("192.0.2.0/24").add("198.51.100.0/24"));
        zonesPublicAndCidrs.put("primaryNodeAddress", TextNode.valueOf("10.0.1.20"));
        zonesPublicAndCidrs.put("secondaryNodeAddress", TextNode.valueOf("10.0.1.21"));
        zonesPublicAndCidrs.put("publishedPorts", JSON.arrayNode().add(JSON.objectNode().put("port", 8080).put("protocol", "Tcp")));
        return Stream.of(Arguments.of("defaults", secrets), Arguments.of("azuredeploy.parameters.json", sampleFile),
            Arguments.of("zones, public frontend, client CIDRs", zonesPublicAndCidrs));
    }

    static ArmTemplate deploy(Map<String, JsonNode> parameters) {
        return ArmTemplate.withParameters(template, parameters);
    }

    /** PairTopology built from the same inputs the template was given. */
    static PairTopology topologyFor(ArmTemplate arm) {
        List<PublishedPort> published = new ArrayList<>();
        arm.parameter("publishedPorts").forEach(port -> published.add(
            new PublishedPort(port.path("port").asInt(), PairParts.protocol(port.path("protocol").asText()))));
        List<String> clients = new ArrayList<>();
        if (arm.parameter("clientAddressPrefix").asText().isEmpty()) {
            arm.parameter("clientAddressPrefixes").forEach(prefix -> clients.add(prefix.asText()));
        } else {
            clients.add(arm.parameter("clientAddressPrefix").asText());
        }
        return DeploySamples.topology(arm.parameter("primaryNodeAddress").asText(),
            arm.parameter("secondaryNodeAddress").asText(), published, clients);
    }

    @Test
    void everyDeclaredParameterIsUsed() {
        ArmTemplate arm = deploy(requiredParameters());
        Set<String> unused = new LinkedHashSet<>(arm.declaredParameters());
        unused.removeAll(arm.parameterReferences());
        assertThat(unused).as("parameters nothing refers to").isEmpty();
    }

    @Test
    void everyParameterAndVariableReferenceIsDeclared() {
        ArmTemplate arm = deploy(requiredParameters());
        Set<String> undeclaredParameters = new LinkedHashSet<>(arm.parameterReferences());
        undeclaredParameters.removeAll(arm.declaredParameters());
        Set<String> undeclaredVariables = new LinkedHashSet<>(arm.variableReferences());
        undeclaredVariables.removeAll(arm.declaredVariables());
        assertThat(undeclaredParameters).as("parameters('x') without a parameter x").isEmpty();
        assertThat(undeclaredVariables).as("variables('x') without a variable x").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void dependsOnAndReferenceNameResourcesOfTheTemplate(String label, Map<String, JsonNode> parameters) {
        ArmTemplate arm = deploy(parameters);
        List<ArmTemplate.Resource> resources = arm.resources();
        Set<String> declared = new LinkedHashSet<>();
        resources.forEach(resource -> declared.add(resource.id()));
        List<String> dangling = new ArrayList<>();
        for (ArmTemplate.Resource resource : resources) {
            arm.dependsOn(resource).stream().filter(id -> !declared.contains(id))
                .forEach(id -> dangling.add(resource.id() + " dependsOn " + id));
        }
        arm.outputReferences().stream().filter(id -> !declared.contains(id))
            .forEach(id -> dangling.add("an output references " + id));
        assertThat(dangling).as("dependsOn or reference() targets that the template does not declare").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void balancerAndSecurityRulesAreExactlyPairTopologys(String label, Map<String, JsonNode> parameters) {
        ArmTemplate arm = deploy(parameters);
        PairTopology topology = topologyFor(arm);
        // The denies after the allows are the template's own (AzureAdapterAgreementTest checks them).
        assertThat(PairParts.differences(topology.parts(), ArmPairParts.of(arm, topology).stream()
            .filter(part -> topology.owns(part.name())).toList())).isEmpty();
        // Newer API versions take the failure count from probeThreshold; both must say the same.
        for (JsonNode probe : ArmPairParts.single(arm, "Microsoft.Network/loadBalancers").properties().path("probes")) {
            assertThat(probe.path("properties").path("probeThreshold").asInt())
                .isEqualTo(topology.probe().unhealthyThreshold());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void outputsGiveTheUiThroughTheNatPortsTheCheckUrlAndTheNodeAddresses(String label,
                                                                         Map<String, JsonNode> parameters) {
        ArmTemplate arm = deploy(parameters);
        PairTopology topology = topologyFor(arm);
        String frontend = arm.parameter("publicIpOption").asText().equals("new")
            ? "reference(" + ArmTemplate.resourceId("Microsoft.Network/publicIPAddresses",
                arm.parameter("publicIpName").asText()) + ").ipAddress"
            : arm.parameter("loadBalancerFrontendAddress").asText();
        assertThat(arm.output("primaryNodeUiUrl").asText())
            .isEqualTo("https://" + frontend + ":" + topology.managementPorts().node1Api() + "/");
        assertThat(arm.output("secondaryNodeUiUrl").asText())
            .isEqualTo("https://" + frontend + ":" + topology.managementPorts().node2Api() + "/");
        assertThat(arm.output("healthCheckUrl").asText())
            .isEqualTo("http://" + frontend + ":" + topology.healthCheckPort() + "/");
        assertThat(arm.output("primaryNodePrivateAddress").asText())
            .isEqualTo("reference(" + ArmTemplate.resourceId("Microsoft.Network/networkInterfaces",
                arm.parameter("primaryNodeName").asText() + "-nic") + ").ipConfigurations[0].properties.privateIPAddress");
        assertThat(arm.output("secondaryNodePrivateAddress").asText())
            .isEqualTo("reference(" + ArmTemplate.resourceId("Microsoft.Network/networkInterfaces",
                arm.parameter("secondaryNodeName").asText() + "-nic") + ").ipConfigurations[0].properties.privateIPAddress");
    }

    /** Each node's link to its partner's UI is the UI URL the deployment outputs for that partner. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachNodesPartnerUiUrlIsThePartnersUiOutput(String label, Map<String, JsonNode> parameters) throws Exception {
        ArmTemplate arm = deploy(parameters);
        assertThat(NodeUserDataTest.partnerUiUrls(NodeUserDataTest.armNodes(arm, Map.of())))
            .containsExactly(withoutSlash(arm.output("secondaryNodeUiUrl").asText()),
                withoutSlash(arm.output("primaryNodeUiUrl").asText()));
    }

    static String withoutSlash(String url) {
        assertThat(url).endsWith("/");
        return url.substring(0, url.length() - 1);
    }

    @Test
    void customDataTemplateIsTheSharedCloudInitTemplate() throws IOException {
        assertThat(deploy(requiredParameters()).variable("cloudInitTemplate").asText())
            .as("variables.cloudInitTemplate differs from terraform/cloud-init/hanode.cloud-init.tftpl;"
                + " run arm-templates/embed-cloud-init")
            .isEqualTo(Files.readString(DeploySamples.cloudInitTemplate()));
    }
}
