package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.config.ProbeSources;
import io.hapair.node.role.HaMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user data each deployment gives its two VMs, rendered with sample values and read back: the
 * node's own config loader must accept both files, as master and slave, each pointing at the other
 * (its peer link at the partner's address, its partner-ui-url at the partner's NAT port on the
 * balancer frontend). An address that exists only once deployed (public IP, NLB DNS name) stays a
 * reference in the rendering; {@link #deployed} puts a sample in its place before the loader reads it.
 */
class NodeUserDataTest {

    // NodeProcess: handover (bounded by handoverTimeout + 1 s), then shutdown-drain, then up to 10 s to close.
    private static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(11);
    private static final String SYSCTL_FILE = "/etc/sysctl.d/60-hanode.conf";

    // Stand-ins for the frontend addresses that exist only after deployment.
    static final String SAMPLE_PUBLIC_IP = "203.0.113.10";
    static final String SAMPLE_NLB_DNS_NAME = "hapair-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com";
    // How the Terraform renderings spell those addresses before apply (TerraformValues.Ref).
    static final String AZURE_PUBLIC_IP_REF = "${azurerm_public_ip.frontend[0].ip_address}";
    static final String NLB_DNS_NAME_REF = "${aws_lb.pair.dns_name}";
    static final String AZURE_SUBSCRIPTION_REF = "${data.azurerm_client_config.current.subscription_id}";
    static final Map<String, String> SAMPLE_NLB_SUBNETS = Map.of("${data.aws_subnet.pair[0].cidr_block}", "10.0.1.0/24",
        "${data.aws_subnet.pair[1].cidr_block}", "10.0.2.0/24");
    // Azure's probes come from this address (the AzureLoadBalancer tag); the nodes must count those alone.
    private static final String AZURE_PROBE_SOURCE = "168.63.129.16";

    @TempDir
    Path scratch;

    @Test
    void armCustomDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()),
            ArmTemplateTest.requiredParameters());
        assertPair(armNodes(arm, Map.of()), ArmTemplateTest.topologyFor(arm), List.of(arm.parameter("primaryNodeName").asText(),
            arm.parameter("secondaryNodeName").asText()), arm.parameter("loadBalancerFrontendAddress").asText(),
            AZURE_PROBE_SOURCE);
    }

    @Test
    void armCustomDataWithAPublicFrontendLinksToThePartnerThroughThePublicIp() throws Exception {
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()), publicArmParameters());
        assertPair(armNodes(arm, Map.of(armPublicIpRef(arm), SAMPLE_PUBLIC_IP)), ArmTemplateTest.topologyFor(arm),
            List.of(arm.parameter("primaryNodeName").asText(), arm.parameter("secondaryNodeName").asText()),
            SAMPLE_PUBLIC_IP, AZURE_PROBE_SOURCE);
    }

    @Test
    void azureModuleCustomDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        TerraformValues values = AzureTerraformModuleTest.evaluate(AzureTerraformModuleTest.requiredVariables());
        Map<String, String> deployed = azureModuleDeployed(values);
        assertPair(azureModuleNodes(values, deployed), AzureTerraformModuleTest.topologyFor(values),
            List.of(values.variable("primary_node_name").toString(), values.variable("secondary_node_name").toString()),
            deployed.getOrDefault(AZURE_PUBLIC_IP_REF, TerraformValues.asString(values.local("frontend_address"))),
            AZURE_PROBE_SOURCE);
    }

    @Test
    void awsModuleUserDataConfiguresMasterAndSlaveAsEachOthersPartner() throws Exception {
        TerraformValues values = AwsTerraformModuleTest.evaluate(AwsTerraformModuleTest.requiredVariables());
        Map<String, String> deployed = new HashMap<>(SAMPLE_NLB_SUBNETS);
        deployed.put(NLB_DNS_NAME_REF, SAMPLE_NLB_DNS_NAME);
        // The secret store's region and the topology file's balancer, group and client range (aws-ha-pair).
        deployed.putAll(Map.of("${data.aws_region.current.region}", "eu-west-1",
            "${aws_lb.pair.arn}", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/hapair-nlb/50dc6c495c0c9188",
            "${aws_security_group.nodes.id}", "sg-0123456789abcdef0", "${data.aws_vpc.pair.cidr_block}", "10.0.0.0/16"));
        assertPair(awsModuleNodes(values, deployed), AwsTerraformModuleTest.topologyFor(values),
            List.of(values.variable("primary_node_name").toString(), values.variable("secondary_node_name").toString()),
            SAMPLE_NLB_DNS_NAME, "10.0.1.0/24, 10.0.2.0/24");
    }

    @Test
    void armTemplateAndAzureModuleGiveTheNodesTheSameUserData() throws Exception {
        // The module takes the Key Vault and witness names the template derives by default.
        Map<String, JsonNode> parameters = new HashMap<>(ArmTemplateTest.requiredParameters());
        parameters.put("keyVaultName", TextNode.valueOf(AzureTerraformModuleTest.KEY_VAULT_NAME));
        parameters.put("witnessStorageAccountName", TextNode.valueOf(AzureTerraformModuleTest.WITNESS_STORAGE_ACCOUNT_NAME));
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(DeploySamples.armTemplate()), parameters);
        TerraformValues values = AzureTerraformModuleTest.evaluate(AzureTerraformModuleTest.requiredVariables());
        // Where TerraformValues leaves the frontend a public-IP reference (see azureModuleDeployed), the
        // ARM template's frontend stands in for it; the partner-ui-url of each side is checked on its own.
        Map<String, String> deployed = new HashMap<>(azureModuleDeployed(values));
        deployed.replace(AZURE_PUBLIC_IP_REF, arm.parameter("loadBalancerFrontendAddress").asText());
        assertThat(texts(armNodes(arm, Map.of()))).isEqualTo(texts(azureModuleNodes(values, deployed)));
    }

    /**
     * The module's frontend is local.frontend_address: the public IP with public_ip_option "new", else
     * load_balancer_frontend_address. hcl4j resolves a conditional while parsing, to its first branch
     * (and an == to false), so TerraformValues gives the public IP's reference for every input; a
     * sample address then stands in for it. The ports (which node links to which) are checked either way.
     */
    private static Map<String, String> azureModuleDeployed(TerraformValues values) {
        // The subscription is known to Terraform only once it signs in; ARM's sample stands in for it.
        Map<String, String> deployed = new HashMap<>(Map.of(AZURE_SUBSCRIPTION_REF, ArmExpression.SUBSCRIPTION));
        if (AZURE_PUBLIC_IP_REF.equals(TerraformValues.asString(values.local("frontend_address")))) {
            deployed.put(AZURE_PUBLIC_IP_REF, SAMPLE_PUBLIC_IP);
        }
        return deployed;
    }

    private static Map<String, JsonNode> publicArmParameters() {
        Map<String, JsonNode> parameters = new HashMap<>(ArmTemplateTest.requiredParameters());
        parameters.put("publicIpOption", TextNode.valueOf("new"));
        return parameters;
    }

    /** What the template's reference() to the frontend public IP evaluates to before deployment. */
    static String armPublicIpRef(ArmTemplate arm) {
        return "reference(" + ArmTemplate.resourceId("Microsoft.Network/publicIPAddresses",
            arm.parameter("publicIpName").asText()) + ").ipAddress";
    }

    /** Each node's partner-ui-url as written into its configuration file, node 1 first. */
    static List<String> partnerUiUrls(List<CloudInitDocument> nodes) throws IOException {
        List<String> urls = new ArrayList<>();
        for (CloudInitDocument node : nodes) {
            urls.add(node.configValue("partner-ui-url"));
        }
        return urls;
    }

    static List<CloudInitDocument> armNodes(ArmTemplate arm, Map<String, String> deployed) throws Exception {
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (ArmTemplate.Resource vm : arm.resources("Microsoft.Compute/virtualMachines")) {
            nodes.add(CloudInitDocument.parse(deployed(decode(vm.properties().path("osProfile").path("customData")
                .asText()), deployed)));
        }
        return nodes;
    }

    static List<CloudInitDocument> azureModuleNodes(TerraformValues values, Map<String, String> deployed)
        throws Exception {
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (Map<String, Object> vm : values.instances("azurerm_linux_virtual_machine", "node").values()) {
            nodes.add(CloudInitDocument.parse(deployed(decode(vm.get("custom_data").toString()), deployed)));
        }
        return nodes;
    }

    static List<CloudInitDocument> awsModuleNodes(TerraformValues values, Map<String, String> deployed)
        throws Exception {
        List<CloudInitDocument> nodes = new ArrayList<>();
        for (Map<String, Object> instance : values.instances("aws_instance", "node").values()) {
            nodes.add(CloudInitDocument.parse(deployed(instance.get("user_data").toString(), deployed)));
        }
        return nodes;
    }

    /**
     * The user data as the VM receives it: each reference to a value that exists only once deployed
     * replaced by its sample. Only the named references are replaced; any other is left, and the
     * placeholder check or the config loader fails on it.
     */
    private static String deployed(String userData, Map<String, String> deployed) {
        String out = userData;
        for (Map.Entry<String, String> value : deployed.entrySet()) {
            assertThat(out).as("the rendered user data refers to " + value.getKey()).contains(value.getKey());
            out = out.replace(value.getKey(), value.getValue());
        }
        return out;
    }

    private static List<String> texts(List<CloudInitDocument> nodes) {
        return nodes.stream().map(CloudInitDocument::text).toList();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /**
     * Both nodes load, master then slave, each other's partner, with the pair's ports, secret and
     * password, and each links to the other's UI on the balancer frontend (operators reach the UIs
     * only through its NAT rules): node 1 to node 2's NAT port, node 2 to node 1's.
     */
    private void assertPair(List<CloudInitDocument> nodes, PairTopology topology, List<String> names, String frontend,
        String probeSources) throws Exception {
        assertThat(nodes).hasSize(2);
        NodeConfig master = nodes.get(0).nodeConfig(scratch);
        NodeConfig slave = nodes.get(1).nodeConfig(scratch);
        assertThat(List.of(master.haMode(), slave.haMode())).containsExactly(HaMode.MASTER, HaMode.SLAVE);
        assertThat(List.of(master.nodeName(), slave.nodeName())).isEqualTo(names);
        assertThat(master.primaryAddress()).isEqualTo(topology.node1().address());
        assertThat(slave.primaryAddress()).isEqualTo(topology.node2().address());
        assertThat(master.partner()).isEqualTo(slave.primaryAddress());
        assertThat(slave.partner()).isEqualTo(master.primaryAddress());
        assertThat(master.partnerUiUrl()).as("node 1's link to node 2's UI (partner-ui-url)")
            .isEqualTo("https://" + frontend + ":" + topology.managementPorts().node2Api());
        assertThat(slave.partnerUiUrl()).as("node 2's link to node 1's UI (partner-ui-url)")
            .isEqualTo("https://" + frontend + ":" + topology.managementPorts().node1Api());
        for (NodeConfig node : List.of(master, slave)) {
            assertThat(node.healthCheckPort()).isEqualTo(topology.healthCheckPort());
            assertThat(node.peerPort()).isEqualTo(topology.peerPort());
            assertThat(node.apiPort()).isEqualTo(topology.managementPorts().api());
            assertThat(node.pairingSecret()).isEqualTo(DeploySamples.PAIRING_SECRET);
            assertThat(node.adminPassword()).isEqualTo(DeploySamples.ADMIN_PASSWORD);
            assertThat(node.probeSources()).as("only the balancer's probes count")
                .isEqualTo(ProbeSources.parse(probeSources).orElseThrow());
        }
        for (int i = 0; i < 2; i++) {
            assertNodeIsInstalledSafely(nodes.get(i), i == 0 ? master : slave);
        }
    }

    private static void assertNodeIsInstalledSafely(CloudInitDocument node, NodeConfig config) {
        assertThat(node.text()).as("placeholders left in the user data").doesNotContain("${");
        assertThat(node.text()).as("secrets are read from the secret store at each start, never in user data")
            .doesNotContain(DeploySamples.PAIRING_SECRET).doesNotContain(DeploySamples.ADMIN_PASSWORD);
        CloudInitDocument.WrittenFile configFile = node.file(CloudInitDocument.NODE_CONFIG);
        assertThat(configFile.permissions()).isEqualTo("0640");
        assertThat(node.file("/etc/hanode/release.env").content())
            .matches("RELEASE_URL=" + Pattern.quote(DeploySamples.RELEASE_URL) + "\nRELEASE_SHA256=[0-9a-f]{64}\n");
        assertThat(node.commands()).contains(List.of("systemctl", "start", "--no-block", "hanode.service"));
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .contains("openjdk-17-jre-headless")
            .contains("chown root:hanode " + CloudInitDocument.NODE_CONFIG)
            .contains("curl --proto =https --proto-redir =https")
            .contains("sysctl --quiet --load " + SYSCTL_FILE);
        Matcher receiveBufferCap = Pattern.compile("(?m)^net\\.core\\.rmem_max = (\\d+)$")
            .matcher(node.file(SYSCTL_FILE).content());
        assertThat(receiveBufferCap.find()).as("net.core.rmem_max in " + SYSCTL_FILE).isTrue();
        assertThat(Long.parseLong(receiveBufferCap.group(1)))
            .as("Linux caps GEO DNS's receive buffers (dns-receive-buffer) at net.core.rmem_max")
            .isGreaterThanOrEqualTo(config.dnsReceiveBuffer());
        Map<String, String> service = node.serviceSettings();
        assertThat(service).containsEntry("User", "hanode").containsEntry("Restart", "on-failure")
            .containsEntry("RestartPreventExitStatus", "2").doesNotContainKey("KillSignal")
            .containsEntry("ExecStartPre", "+/usr/local/sbin/hanode-secrets")
            .containsEntry("AmbientCapabilities", "CAP_NET_BIND_SERVICE CAP_NET_ADMIN CAP_NET_RAW")
            .containsEntry("CapabilityBoundingSet", "CAP_NET_BIND_SERVICE CAP_NET_ADMIN CAP_NET_RAW");
        // Packet captures: the node's tcpdump, from Debian, captures with CAP_NET_RAW.
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .containsPattern("(?m)^packages=\"[^\"]*\\btcpdump\\b").containsPattern("for command in [^;]*\\btcpdump\\b");
        // The self-check's icmp: and gateway targets: iputils' ping, from the node's address.
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .containsPattern("(?m)^packages=\"[^\"]*\\biputils-ping\\b").containsPattern("for command in [^;]*\\bping\\b");
        // Network settings: the node's ip and ethtool need CAP_NET_ADMIN; a changed primary address keeps the rest.
        assertThat(node.file(SYSCTL_FILE).content()).contains("net.ipv4.conf.all.promote_secondaries = 1")
            .contains("net.ipv4.conf.default.promote_secondaries = 1");
        // NTP servers: the node writes chrony-sources-file and asks chronyd, as group _chrony, to reload.
        Path sources = config.chrony().sourcesFile().getParent();
        assertThat(service).containsEntry("SupplementaryGroups", "_chrony");
        assertThat(service.get("ReadWritePaths").split(" ")).as("ProtectSystem=strict leaves chrony-sources-file writable")
            .contains(sources.toString());
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .containsPattern("(?m)^packages=\"[^\"]*\\bchrony\\b")
            .contains("dpkg-statoverride --update --add root hanode 0775 " + sources);
        assertThat(node.file("/etc/systemd/system/chrony.service.d/hanode.conf").content())
            .as("chronyd's command socket must be reachable for its group")
            .contains("RuntimeDirectoryMode=0770").contains("UMask=0007");
        // Host name and resolver: hostnamectl, allowed through polkit for the node's user; resolv-conf written in place.
        assertThat(config.naming().hostnameCommand()).containsExactly("hostnamectl", "set-hostname");
        String resolvConf = config.naming().resolvConf().toString();
        assertThat(service.get("ReadWritePaths").split(" ")).as("ProtectSystem=strict leaves resolv-conf writable")
            .contains("-" + resolvConf);
        assertThat(node.file("/usr/local/sbin/hanode-install").content())
            .containsPattern("(?m)^packages=\"[^\"]* policykit-1\\b").containsPattern("for command in [^;]*\\bpkaction\\b")
            .containsPattern("(?m)^packages=\"[^\"]*\\biproute2 ethtool\\b").containsPattern("for command in [^;]*\\bip ethtool\\b")
            .contains("cp --remove-destination \"$upstream\" " + resolvConf)
            .contains("chown root:hanode " + resolvConf).contains("chmod 0664 " + resolvConf);
        for (String action : List.of("org.freedesktop.hostname1.set-hostname",
                "org.freedesktop.hostname1.set-static-hostname")) {
            assertThat(node.file("/etc/polkit-1/localauthority/50-local.d/60-hanode-hostname.pkla").content())
                .as("Ubuntu 22.04's polkit 0.105").contains("Identity=unix-user:hanode\n").containsPattern(
                    "(?m)^Action=(.*;)?" + Pattern.quote(action) + "(;.*)?$").contains("ResultAny=yes\n");
            assertThat(node.file("/etc/polkit-1/rules.d/60-hanode-hostname.rules").content())
                .as("polkit 0.106 and later").contains("action.id == \"" + action + "\"")
                .contains("subject.user == \"hanode\"").contains("return polkit.Result.YES;");
        }
        assertThat(service.get("ExecStart")).endsWith("-jar /opt/hanode/hanode.jar run --config "
            + CloudInitDocument.NODE_CONFIG);
        assertThat(service.get("ExecStart")).as("an out-of-memory JVM must exit, for its partner to take over")
            .contains(" -XX:+ExitOnOutOfMemoryError ");
        Duration stop = config.timing().handoverTimeout().plusSeconds(1).plus(config.shutdownDrain()).plus(CLOSE_ALLOWANCE);
        assertThat(Duration.ofSeconds(Long.parseLong(service.get("TimeoutStopSec"))))
            .as("TimeoutStopSec must let the node hand over and drain before systemd kills it")
            .isGreaterThanOrEqualTo(stop);
    }
}
