package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.tests.deploy.TerraformValues.Ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/aws-ha-pair spans both subnets and links each node to its partner's UI; that it
 * wires the NLB and security group as the adapter would is AwsAdapterAgreementTest's.
 */
class AwsTerraformModuleTest {

    // Parsed when the class loads rather than in @BeforeAll: NodeUserDataTest evaluates the module through
    // this class without running its tests, in whichever test JVM and order.
    private static final TerraformModule MODULE = TerraformModule.sample("modules/aws-ha-pair");
    private static final TerraformModule EXAMPLE = TerraformModule.sample("examples/aws");

    static final String RELEASE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static Map<String, Object> requiredVariables() {
        return Map.of("vpc_id", "vpc-0a1b2c3d", "subnet_ids", List.of("subnet-0aaa", "subnet-0bbb"),
            "primary_node_address", "10.0.1.4", "secondary_node_address", "10.0.2.4",
            "admin_password", DeploySamples.ADMIN_PASSWORD, "pairing_secret", DeploySamples.PAIRING_SECRET,
            "node_release_url", DeploySamples.RELEASE_URL, "node_release_sha256", RELEASE_SHA256);
    }

    /** What examples/aws passes to the module, its own secrets, URL and checksum set to the samples. */
    static Map<String, Object> exampleArguments() {
        return TerraformExamples.moduleArguments(EXAMPLE, "ha_pair", Map.of("admin_password",
            DeploySamples.ADMIN_PASSWORD, "pairing_secret", DeploySamples.PAIRING_SECRET, "node_release_url",
            DeploySamples.RELEASE_URL, "node_release_sha256", RELEASE_SHA256));
    }

    static Stream<Arguments> deployments() {
        Map<String, Object> cidrs = new HashMap<>(requiredVariables());
        cidrs.put("name", "pair-b");
        cidrs.put("client_cidr_blocks", List.of("192.0.2.0/24", "198.51.100.0/24"));
        cidrs.put("published_ports", List.of(Map.of("port", 8080L, "protocol", "Tcp")));
        return Stream.of(Arguments.of("defaults", requiredVariables()),
            Arguments.of("examples/aws", exampleArguments()),
            Arguments.of("another name, client CIDRs", cidrs));
    }

    static TerraformValues evaluate(Map<String, Object> variables) {
        return new TerraformValues(MODULE, variables);
    }

    /**
     * PairTopology from the module's inputs, with AWS's sources: the NLB probes from its subnets, and
     * clients are the given CIDRs or else the VPC's.
     */
    static PairTopology topologyFor(TerraformValues values) {
        List<PublishedPort> published = TerraformExamples.publishedPorts(values.variable("published_ports"));
        List<String> clients = TerraformValues.texts(values.variable("client_cidr_blocks"));
        if (clients.isEmpty()) {
            clients = List.of(TerraformValues.asString(new Ref("data.aws_vpc", "pair", "", "cidr_block")));
        }
        List<String> nlbSubnets = List.of(
            TerraformValues.asString(new Ref("data.aws_subnet", "pair", 0L, "cidr_block")),
            TerraformValues.asString(new Ref("data.aws_subnet", "pair", 1L, "cidr_block")));
        return PairTopology.builder().node1Address(values.variable("primary_node_address").toString())
            .node2Address(values.variable("secondary_node_address").toString()).publishedPorts(published)
            .clientSources(clients).probeSources(nlbSubnets)
            .monitoringSources(TerraformValues.texts(values.variable("monitoring_cidr_blocks")))
            .snmpPort(((Number) values.variable("snmp_port")).intValue()).shape(CloudShape.TARGET_GROUPS).build();
    }

    @Test
    void nlbSpansBothNodeSubnetsAndProbeSourcesAreThoseSubnets() {
        TerraformValues values = evaluate(requiredVariables());
        Map<String, Object> nlb = values.instances("aws_lb", "pair").get("");
        assertThat(nlb.get("subnets")).isEqualTo(values.variable("subnet_ids"));
        assertThat(nlb.get("load_balancer_type")).isEqualTo("network");
        // Cross-zone on: the NLB node in the standby's zone must send to the active node in the other.
        assertThat(nlb.get("enable_cross_zone_load_balancing")).isEqualTo(true);
        List<Object> probedSubnets = new ArrayList<>();
        values.instances("data.aws_subnet", "pair").values().forEach(subnet -> probedSubnets.add(subnet.get("id")));
        assertThat(probedSubnets).isEqualTo(values.variable("subnet_ids"));
    }

    /** Each node's link to its partner's UI is the UI URL the deployment outputs for that partner. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachNodesPartnerUiUrlIsThePartnersUiOutput(String label, Map<String, Object> variables) throws Exception {
        TerraformValues values = evaluate(variables);
        assertThat(NodeUserDataTest.partnerUiUrls(NodeUserDataTest.awsModuleNodes(values, Map.of())))
            .containsExactly(ArmTemplateTest.withoutSlash(values.output("secondary_node_ui_url").toString()),
                ArmTemplateTest.withoutSlash(values.output("primary_node_ui_url").toString()));
    }
}
