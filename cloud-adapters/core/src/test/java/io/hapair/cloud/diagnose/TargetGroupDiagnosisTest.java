package io.hapair.cloud.diagnose;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The shared diagnosis on an AWS-shaped pair: target groups with matchers, an allow-only security group. */
class TargetGroupDiagnosisTest {

    private final PairTopology topology = PairFixtures.topology(CloudShape.TARGET_GROUPS);
    private final ObservedPair converged = PairFixtures.converged(topology);

    @Test
    void convergedPairHasNoFindings() {
        assertThat(diagnose(converged)).isEmpty();
    }

    @Test
    void matcherWiderThan200IsReported() {
        List<Finding> findings = diagnose(withCheckProbe(new HealthProbe("hapair-rule-tcp-8444", ProbeProtocol.HTTP,
            8444, "/", 5, 2, 2, "200-399")));

        assertThat(findings).extracting(Finding::check, Finding::subject)
            .containsExactly(tuple(Check.PROBE_WRONG_SUCCESS_CODES, "probe hapair-rule-tcp-8444"));
        assertThat(findings.get(0).fix()).endsWith("set the probe's success codes (matcher) to exactly 200");
    }

    @Test
    void awsDefaultTimingIsFarFromThePairsAndReportedWithTheFailoverItCosts() {
        List<Finding> findings = diagnose(withCheckProbe(new HealthProbe("hapair-rule-tcp-8444", ProbeProtocol.HTTP,
            8444, "/", 30, 2, 5, "200")));

        assertThat(findings).extracting(Finding::check).containsExactly(Check.PROBE_TOO_SLOW);
        assertThat(findings.get(0).problem()).startsWith("marks a failed node down only after 60 s (30 s x 2), the "
            + "pair expects 10 s");
        assertThat(findings.get(0).fix()).endsWith("probe every 5 s and count 2 failures and 2 successes");
    }

    @Test
    void slowRecoveryAloneIsReportedAsAGapWithoutAHealthyNode() {
        List<Finding> findings = diagnose(withCheckProbe(new HealthProbe("hapair-rule-tcp-8444", ProbeProtocol.HTTP,
            8444, "/", 10, 2, 4, "200")));

        assertThat(findings).extracting(Finding::check, Finding::problem).containsExactly(tuple(Check.PROBE_TOO_SLOW,
            "marks a node healthy only after 40 s (10 s x 4) but down after 20 s: after a switchover no node is "
                + "healthy for 20 s"));
    }

    @Test
    void probeSourcesMissingOneSubnetBlockTheProbesFromItAndApplyCannotFixThat() {
        PairTopology narrow = PairTopology.builder().shape(CloudShape.TARGET_GROUPS).node1Address("10.0.1.4")
            .node2Address("10.0.1.5").clientSources(List.of("10.20.0.0/16")).probeSources(List.of("10.0.0.0/24"))
            .build();

        List<Finding> findings = PairDiagnosis.diagnose(narrow, PairFixtures.converged(narrow),
            PairFixtures.awsFacts(), Map.of(), List.of());

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PROBE_BLOCKED, "node1 (10.0.1.4)"), tuple(Check.PROBE_BLOCKED, "node2 (10.0.1.5)"));
        assertThat(findings.get(0).problem()).isEqualTo("no rule allowing it (the implicit deny) blocks the "
            + "balancer's probes (10.0.2.52) to port 8444, so the balancer sees the node as down");
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 8444 from 10.0.2.52; hanode cloud apply cannot, "
            + "because the topology's rules do not cover it: fix probeSources in the topology");
    }

    @Test
    void missingPeerRuleIsReportedAndApplyWouldAddIt() {
        List<SecurityRule> rules = new ArrayList<>(converged.securityRules());
        rules.removeIf(rule -> rule.name().equals("hapair-allow-peer"));

        List<Finding> findings = diagnose(new ObservedPair(converged.pools(), converged.probes(),
            converged.balancingRules(), converged.natRules(), rules, List.of()));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (TCP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (TCP 6973)"));
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 6973 between 10.0.1.4 and 10.0.1.5 "
            + "(hanode cloud apply adds one)");
    }

    @Test
    void missingUdpPeerRuleIsReportedBecauseHeartbeatsAreDatagrams() {
        List<SecurityRule> rules = new ArrayList<>(converged.securityRules());
        rules.removeIf(rule -> rule.name().equals("hapair-allow-peer-udp"));

        List<Finding> findings = diagnose(new ObservedPair(converged.pools(), converged.probes(),
            converged.balancingRules(), converged.natRules(), rules, List.of()));

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (UDP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (UDP 6973)"));
        assertThat(findings.get(0).problem()).contains("the heartbeat datagrams are lost");
        assertThat(findings.get(0).fix()).isEqualTo("allow UDP 6973 between 10.0.1.4 and 10.0.1.5 "
            + "(hanode cloud apply adds one)");
    }

    @Test
    void operatorRuleAllowingTheVpcKeepsThePeerLinkOpenWithoutOurs() {
        List<SecurityRule> rules = new ArrayList<>(converged.securityRules());
        rules.removeIf(rule -> rule.name().equals("hapair-allow-peer"));
        rules.add(new SecurityRule("sgr-0123456789abcdef0", 0, Direction.INBOUND, Access.ALLOW, Protocol.ANY,
            List.of("10.0.0.0/16"), List.of("10.0.1.4", "10.0.1.5"), List.of("*")));

        assertThat(diagnose(new ObservedPair(converged.pools(), converged.probes(), converged.balancingRules(),
            converged.natRules(), rules, List.of()))).isEmpty();
    }

    private List<Finding> diagnose(ObservedPair observed) {
        return PairDiagnosis.diagnose(topology, observed, PairFixtures.awsFacts(), Map.of(), List.of());
    }

    private ObservedPair withCheckProbe(HealthProbe probe) {
        List<HealthProbe> probes = new ArrayList<>(converged.probes());
        probes.set(0, probe);
        return new ObservedPair(converged.pools(), probes, converged.balancingRules(), converged.natRules(),
            converged.securityRules(), converged.builtInSecurityRules());
    }
}
