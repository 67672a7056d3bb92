package io.hapair.cloud.settings;

import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyFileTest {

    private static final String EXAMPLE = """
        provider: azure
        namePrefix: lbpair-
        node1: {address: 10.0.1.4}
        node2:
          address: 10.0.1.5
        publishedPorts: [443, 53/udp]
        clientSources: [10.20.0.0/16, 10.30.0.0/16]
        azure:
          resourceGroup: rg-ha
        """;

    @Test
    void nestedKeysFlattenWithDotsAndListsWithCommas(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pair.yaml"), EXAMPLE);

        CloudSettings settings = TopologyFile.read(file);

        assertThat(settings.asMap()).containsEntry("node2.address", "10.0.1.5")
            .containsEntry("publishedPorts", "443,53/udp")
            .containsEntry("azure.resourceGroup", "rg-ha");
    }

    @Test
    void fileAndFlagsMakeOneTopologyWithFlagsWinning() {
        CloudSettings settings = TopologyFile.parse(EXAMPLE, "pair.yaml")
            .overriddenBy(Map.of("node1.address", "10.0.1.10"));

        PairTopology topology = TopologySettings.read(settings);

        assertThat(topology.node1().address()).isEqualTo("10.0.1.10");
        assertThat(topology.namePrefix()).isEqualTo("lbpair-");
        assertThat(topology.publishedPorts()).containsExactly(new PublishedPort(443, Protocol.TCP),
            new PublishedPort(53, Protocol.UDP));
        assertThat(topology.securityRules()).last().satisfies(rule ->
            assertThat(rule.sources()).containsExactly("10.20.0.0/16", "10.30.0.0/16"));
    }

    @Test
    void monitoringSourcesAndTheSnmpPortComeFromTheFileAndAnEmptyListMeansNone() {
        PairTopology monitored = TopologySettings.read(TopologyFile.parse(EXAMPLE
            + "monitoringSources: [10.9.0.0/24]\nsnmpPort: 1161\n", "pair.yaml"));
        PairTopology none = TopologySettings.read(TopologyFile.parse(EXAMPLE + "monitoringSources: []\n", "pair.yaml"));

        assertThat(monitored.monitoringSources()).containsExactly("10.9.0.0/24");
        assertThat(monitored.snmpPort()).isEqualTo(1161);
        assertThat(monitored.securityRules()).anySatisfy(rule -> assertThat(rule.summary())
            .isEqualTo("1010 INBOUND ALLOW UDP from 10.9.0.0/24 to 10.0.1.4,10.0.1.5 port 1161"));
        assertThat(none.monitoringSources()).isEmpty();
        assertThat(none.securityRules()).noneMatch(rule -> rule.name().endsWith("allow-snmp"));
        assertThat(TopologySettings.KEYS).contains("monitoringSources", "snmpPort");
    }

    @Test
    void misspelledKeyIsRefusedWithTheKnownKeys() {
        CloudSettings settings = CloudSettings.of(Map.of("node1.adress", "10.0.1.4"));

        assertThatThrownBy(() -> settings.rejectUnknown(Set.of("node1.address")))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessage("node1.adress: unknown setting; check the spelling; known settings are node1.address");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> TopologyFile.parse("node1:\n  address: [10.0.1.4\n", "pair.yaml"))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("--topology: pair.yaml is not valid YAML")
            .hasMessageContaining("at line");
    }

    @Test
    void missingFileIsBadInput(@TempDir Path dir) {
        assertThatThrownBy(() -> TopologyFile.read(dir.resolve("nope.yaml")))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageContaining("does not exist");
    }

    @Test
    void badPublishedPortAndNumberNameTheirKeys() {
        assertThatThrownBy(() -> TopologySettings.read(CloudSettings.of(Map.of("node1.address", "10.0.1.4",
            "node2.address", "10.0.1.5", "publishedPorts", "443/icmp"))))
            .hasMessage("publishedPorts: '443/icmp' is not a published port; write PORT, PORT/tcp or PORT/udp,"
                + " e.g. 443 or 53/udp");
        assertThatThrownBy(() -> TopologySettings.read(CloudSettings.of(Map.of("node1.address", "10.0.1.4",
            "node2.address", "10.0.1.5", "healthCheckPort", "84x4"))))
            .hasMessage("healthCheckPort: '84x4' is not a whole number; write a number such as 8444");
    }
}
