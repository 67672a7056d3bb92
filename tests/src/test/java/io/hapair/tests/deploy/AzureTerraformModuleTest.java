package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** terraform/modules/azure-ha-pair declares the balancer and NSG that PairTopology wants. */
class AzureTerraformModuleTest {

    // Parsed when the class loads rather than in @BeforeAll: NodeUserDataTest evaluates the module through
    // this class without running its tests, in whichever test JVM and order.
    static final TerraformModule MODULE = TerraformModule.sample("modules/azure-ha-pair");
    private static final TerraformModule EXAMPLE = TerraformModule.sample("examples/azure");
    static final String KEY_VAULT_NAME = "hapair-kv-sample";
    static final String WITNESS_STORAGE_ACCOUNT_NAME = "hapairwitnesssample";

    /** The variables without a default. */
    static Map<String, Object> requiredVariables() {
        return Map.of("resource_group_name", "rg-hapair", "location", "westeurope",
            "admin_password", DeploySamples.ADMIN_PASSWORD, "pairing_secret", DeploySamples.PAIRING_SECRET,
            "node_release_url", DeploySamples.RELEASE_URL, "node_release_sha256", DeploySamples.RELEASE_SHA256,
            "admin_ssh_public_key", DeploySamples.SSH_PUBLIC_KEY, "key_vault_name", KEY_VAULT_NAME,
            "witness_storage_account_name", WITNESS_STORAGE_ACCOUNT_NAME);
    }

    /** The module's defaults, the example's arguments, and the other options with client CIDRs. */
    static Stream<Arguments> deployments() {
        Map<String, Object> cidrs = new HashMap<>(requiredVariables());
        cidrs.put("availability_option", "AvailabilityZones");
        cidrs.put("public_ip_option", "new");
        cidrs.put("virtual_network_new_or_existing", "existing");
        cidrs.put("client_address_prefix", null);
        cidrs.put("client_address_prefixes", List.of("192.0.2.0/24", "198.51.100.0/24"));
        cidrs.put("published_ports", List.of(Map.of("port", 8080L, "protocol", "Tcp")));
        return Stream.of(Arguments.of("defaults", requiredVariables()),
            Arguments.of("examples/azure", exampleArguments()),
            Arguments.of("zones, public frontend, existing network, client CIDRs", cidrs));
    }

    /** What examples/azure passes to the module, its own variables set to the samples. */
    static Map<String, Object> exampleArguments() {
        return TerraformExamples.moduleArguments(EXAMPLE, "ha_pair", Map.of("admin_password", DeploySamples.ADMIN_PASSWORD,
            "pairing_secret", DeploySamples.PAIRING_SECRET, "node_release_url", DeploySamples.RELEASE_URL,
            "node_release_sha256", DeploySamples.RELEASE_SHA256, "admin_ssh_public_key", DeploySamples.SSH_PUBLIC_KEY,
            "name_suffix", "sample"));
    }

    static TerraformValues evaluate(Map<String, Object> variables) {
        return new TerraformValues(MODULE, variables);
    }

    /** PairTopology built from the same inputs the module was given. */
    static PairTopology topologyFor(TerraformValues values) {
        List<PublishedPort> published = TerraformExamples.publishedPorts(values.variable("published_ports"));
        Object prefix = values.variable("client_address_prefix");
        List<String> clients = prefix == null ? TerraformValues.texts(values.variable("client_address_prefixes"))
            : List.of(prefix.toString());
        return DeploySamples.topology(values.variable("primary_node_address").toString(),
            values.variable("secondary_node_address").toString(), published, clients);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void balancerAndSecurityRulesAreExactlyPairTopologys(String label, Map<String, Object> variables) {
        TerraformValues values = evaluate(variables);
        PairTopology topology = topologyFor(values);
        // The denies after the allows are the module's own (AzureAdapterAgreementTest checks them).
        assertThat(PairParts.differences(topology.parts(), new AzureModuleParts(MODULE, values, topology).parts()
            .stream().filter(part -> topology.owns(part.name())).toList())).isEmpty();
        values.instances("azurerm_lb_probe", "health").values().forEach(probe ->
            assertThat(probe.get("probe_threshold")).isEqualTo((long) topology.probe().unhealthyThreshold()));
    }

    /** Each node's link to its partner's UI is the UI URL the deployment outputs for that partner. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachNodesPartnerUiUrlIsThePartnersUiOutput(String label, Map<String, Object> variables) throws Exception {
        TerraformValues values = evaluate(variables);
        assertThat(NodeUserDataTest.partnerUiUrls(NodeUserDataTest.azureModuleNodes(values, Map.of())))
            .containsExactly(ArmTemplateTest.withoutSlash(values.output("secondary_node_ui_url").toString()),
                ArmTemplateTest.withoutSlash(values.output("primary_node_ui_url").toString()));
    }
}
