package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.role.HaMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user data each deployment gives its two VMs, rendered with sample values and read back: the
 * node's own config loader must accept both files, as master and slave, each pointing at the other.
 */
class NodeUserDataTest {

    // NodeProcess: handover (bounded by handoverTimeout + 1 s), then shutdown-drain, then up to 10 s to close.
    private static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(11);

    @TempDir
    Path scratch;

    @Test
    void armCustomDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()),
            ArmTemplateTest.requiredParameters());
        assertPair(armNodes(arm), ArmTemplateTest.topologyFor(arm), List.of(arm.parameter("primaryNodeName").asText(),
            arm.parameter("secondaryNodeName").asText()));
    }

    @Test
    void azureModuleCustomDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        TerraformValues values = AzureTerraformModuleTest.evaluate(AzureTerraformModuleTest.requiredVariables());
        assertPair(azureModuleNodes(values), AzureTerraformModuleTest.topologyFor(values),
            List.of(values.variable("primary_node_name").toString(), values.variable("secondary_node_name").toString()));
    }

    @Test
    void awsModuleUserDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        TerraformValues values = AwsTerraformModuleTest.evaluate(AwsTerraformModuleTest.requiredVariables());
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (Map<String, Object> instance : values.instances("aws_instance", "node").values()) {
            nodes.add(CloudInitDocument.parse(instance.get("user_data").toString()));
        }
        assertPair(nodes, AwsTerraformModuleTest.topologyFor(values),
            List.of(values.variable("primary_node_name").toString(), values.variable("secondary_node_name").toString()));
    }

    @Test
    void armTemplateAndAzureModuleGiveTheNodesTheSameUserData() throws Exception {
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()),
            ArmTemplateTest.requiredParameters());
        List<String> fromArm = new ArrayList<>();
        for (CloudInitDocument node : armNodes(arm)) {
            fromArm.add(node.text());
        }
        List<String> fromTerraform = new ArrayList<>();
        for (CloudInitDocument node : azureModuleNodes(
            AzureTerraformModuleTest.evaluate(AzureTerraformModuleTest.requiredVariables()))) {
            fromTerraform.add(node.text());
        }
        assertThat(fromArm).isEqualTo(fromTerraform);
    }

    private static List<CloudInitDocument> armNodes(ArmTemplate arm) throws Exception {
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (ArmTemplate.Resource vm : arm.resources("Microsoft.Compute/virtualMachines")) {
            nodes.add(CloudInitDocument.parse(decode(vm.properties().path("osProfile").path("customData").asText())));
        }
        return nodes;
    }

    private static List<CloudInitDocument> azureModuleNodes(TerraformValues values) throws Exception {
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (Map<String, Object> vm : values.instances("azurerm_linux_virtual_machine", "node").values()) {
            nodes.add(CloudInitDocument.parse(decode(vm.get("custom_data").toString())));
        }
        return nodes;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Both nodes load, master then slave, each other's partner, with the pair's ports, secret and password. */
    private void assertPair(List<CloudInitDocument> nodes, PairTopology topology, List<String> names) throws Exception {
        assertThat(nodes).hasSize(2);
        NodeConfig master = nodes.get(0).nodeConfig(scratch);
        NodeConfig slave = nodes.get(1).nodeConfig(scratch);
        assertThat(List.of(master.haMode(), slave.haMode())).containsExactly(HaMode.MASTER, HaMode.SLAVE);
        assertThat(List.of(master.nodeName(), slave.nodeName())).isEqualTo(names);
        assertThat(master.primaryAddress()).isEqualTo(topology.node1().address());
        assertThat(slave.primaryAddress()).isEqualTo(topology.node2().address());
        assertThat(master.partner()).isEqualTo(slave.primaryAddress());
        assertThat(slave.partner()).isEqualTo(master.primaryAddress());
        for (NodeConfig node : List.of(master, slave)) {
            assertThat(node.healthCheckPort()).isEqualTo(topology.healthCheckPort());
            assertThat(node.peerPort()).isEqualTo(topology.peerPort());
            assertThat(node.apiPort()).isEqualTo(topology.managementPorts().api());
            assertThat(node.pairingSecret()).isEqualTo(DeploySamples.PAIRING_SECRET);
            assertThat(node.adminPassword()).isEqualTo(DeploySamples.ADMIN_PASSWORD);
        }
        for (int i = 0; i < 2; i++) {
            assertNodeIsInstalledSafely(nodes.get(i), i == 0 ? master : slave);
        }
    }

    private static void assertNodeIsInstalledSafely(CloudInitDocument node, NodeConfig config) {
        assertThat(node.text()).as("placeholders left in the user data").doesNotContain("${");
        assertThat(node.packages()).contains("openjdk-17-jre-headless");
        CloudInitDocument.WrittenFile configFile = node.file(CloudInitDocument.NODE_CONFIG);
        assertThat(configFile.permissions()).as("the node configuration holds secrets").isEqualTo("0600");
        assertThat(configFile.owner()).isEqualTo("root:root");
        assertThat(node.commands()).contains(List.of("/usr/local/sbin/hanode-install", DeploySamples.RELEASE_URL));
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .contains("chown hanode:hanode " + CloudInitDocument.NODE_CONFIG)
            .contains("systemctl enable --now hanode.service");
        Map<String, String> service = node.serviceSettings();
        assertThat(service).containsEntry("User", "hanode").containsEntry("Restart", "on-failure")
            .containsEntry("RestartPreventExitStatus", "2").doesNotContainKey("KillSignal");
        assertThat(service.get("ExecStart")).endsWith("-jar /opt/hanode/hanode.jar run --config "
            + CloudInitDocument.NODE_CONFIG);
        Duration stop = config.timing().handoverTimeout().plusSeconds(1).plus(config.shutdownDrain()).plus(CLOSE_ALLOWANCE);
        assertThat(Duration.ofSeconds(Long.parseLong(service.get("TimeoutStopSec"))))
            .as("TimeoutStopSec must let the node hand over and drain before systemd kills it")
            .isGreaterThanOrEqualTo(stop);
    }
}
