package io.hapair.cloud.diagnose;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SNMP managers of the topology's monitoring sources poll each node's agent at the node's own address: on AWS
 * the pair's security group denies what it does not allow, so without the rule they reach neither node.
 */
class SnmpDiagnosisTest {

    private static final List<String> MANAGERS = List.of("10.0.9.0/24");

    @Test
    void managersTheSecurityGroupDoesNotAdmitAreReportedForEachNodeWithTheRuleApplyAdds() {
        ObservedPair wiredWithoutSnmp = PairFixtures.converged(PairFixtures.topology(CloudShape.TARGET_GROUPS));

        List<Finding> findings = diagnose(monitored(1161), wiredWithoutSnmp);

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.SNMP_BLOCKED, "node1 (10.0.1.4)"), tuple(Check.SNMP_BLOCKED, "node2 (10.0.1.5)"));
        assertThat(findings.get(0).problem()).isEqualTo("no rule allowing it (the implicit deny) blocks the SNMP "
            + "managers (10.0.9.0/24) from UDP 1161, so they cannot poll the node's agent");
        assertThat(findings.get(0).fix()).isEqualTo("allow UDP 1161 from 10.0.9.0/24 to 10.0.1.4 (hanode cloud apply"
            + " adds one)");
    }

    @Test
    void aPairWiredWithTheSnmpRuleHasNoFinding() {
        PairTopology monitored = monitored(161);

        assertThat(diagnose(monitored, PairFixtures.converged(monitored))).isEmpty();
    }

    @Test
    void withoutMonitoringSourcesNothingIsAskedOfTheSecurityGroup() {
        PairTopology unmonitored = PairFixtures.topology(CloudShape.TARGET_GROUPS);

        assertThat(diagnose(unmonitored, PairFixtures.converged(unmonitored))).isEmpty();
    }

    @Test
    void anAgentOnAwsWithoutMonitoringSourcesIsReportedAndOnAzureNot() {
        Optional<Finding> aws = PairDiagnosis.snmpAgent(PairFixtures.topology(CloudShape.TARGET_GROUPS), 161);

        assertThat(aws).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(Check.SNMP_NOT_ADMITTED);
            assertThat(f.subject()).isEqualTo("SNMP agent (UDP 161)");
            assertThat(f.problem()).isEqualTo("the topology names no monitoringSources, so the pair's security group,"
                + " which denies what it does not allow, admits no SNMP manager");
            assertThat(f.fix()).isEqualTo("give the managers' prefixes or groups as monitoringSources (the Terraform"
                + " module's monitoring_cidr_blocks) and run `hanode cloud apply`");
        });
        assertThat(PairDiagnosis.snmpAgent(PairFixtures.topology(), 161))
            .as("Azure's default rules admit the virtual network").isEmpty();
    }

    @Test
    void anAgentOnAnotherPortThanTheManagersRuleIsReportedAndOnTheSamePortNot() {
        assertThat(PairDiagnosis.snmpAgent(monitored(1161), 161)).hasValueSatisfying(f -> {
            assertThat(f.problem()).isEqualTo("the topology's snmpPort is 1161, so the managers' rule opens another"
                + " port than the agent answers on");
            assertThat(f.fix()).isEqualTo("set snmpPort to 161 (the Terraform module's snmp_port) and run"
                + " `hanode cloud apply`");
        });
        assertThat(PairDiagnosis.snmpAgent(monitored(1161), 1161)).isEmpty();
    }

    private static PairTopology monitored(int snmpPort) {
        return PairTopology.builder().shape(CloudShape.TARGET_GROUPS).node1Address(PairFixtures.NODE1_ADDRESS)
            .node2Address(PairFixtures.NODE2_ADDRESS).publishedPorts(List.of(new PublishedPort(443, Protocol.TCP)))
            .clientSources(List.of("10.0.0.0/16")).probeSources(List.of("10.0.0.0/24", "10.0.2.0/24"))
            .monitoringSources(MANAGERS).snmpPort(snmpPort).build();
    }

    private static List<Finding> diagnose(PairTopology topology, ObservedPair observed) {
        return PairDiagnosis.diagnose(topology, observed, PairFixtures.awsFacts(), Map.of(), List.of());
    }
}
