package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.diagnose.PairDiagnosis;
import io.hapair.cloud.run.CloudRun.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.aws.NlbState.NODE1_INSTANCE;
import static io.hapair.cloud.aws.NlbState.NODE2_INSTANCE;
import static io.hapair.cloud.aws.NlbState.PAIR_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AwsDiagnoseTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private final AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of());

    @Test
    void correctlyWiredPairHasNoProblemsButIsWarnedOfTheNlbsFailOpen() {
        PairOnAws.converged(pair.topology).stub(stub);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);

        assertThat(pair.printed()).contains("warning: NLB nlb-ha: when no target of a target group is healthy, the "
            + "NLB sends its traffic to every target (fail-open), so if both nodes answer 503 at once, both get "
            + "traffic, the standby too\n    fix: never let both nodes fail their health check together");
        assertThat(pair.output).last().isEqualTo("no problems found");
    }

    /** An NLB set up by hand the way cloud HA breaks on AWS, with names not the pair's. */
    @Test
    void handMadeSetupShowsEveryAwsTrapWithItsFix() {
        NlbState state = new NlbState();
        state.group(new NlbState.Group("probe-8444", "TCP", 8444, ElbXml.tcpCheck(10, 5, 3, 3), Map.of(),
            List.of(PairOnAws.healthy(NODE1_INSTANCE, 8444), PairOnAws.healthy(NODE2_INSTANCE, 8444)), Map.of()));
        state.listener(8444, "TCP", "probe-8444", false);
        state.group(new NlbState.Group("web-443", "TCP", 443, ElbXml.httpCheck(80, "/health", 30, 10, 5, 2, "200-399"),
            Map.of(), List.of(PairOnAws.healthy(NODE1_INSTANCE, 443)), Map.of()));
        state.listener(443, "TCP", "web-443", false);
        state.rule(Ec2Xml.rule("sgr-0ddddddddddddddd1", PAIR_GROUP, "tcp", 443, 443, "0.0.0.0/0", "web", Map.of()));
        state.stub(stub);

        List<Finding> findings = diagnose();

        String web = "probe targetgroup/web-443/" + ElbXml.targetGroupArn("web-443").replaceAll(".*/", "");
        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PROBE_NOT_HTTP, "probe targetgroup/probe-8444/"
                + ElbXml.targetGroupArn("probe-8444").replaceAll(".*/", "")),
            tuple(Check.PROBE_WRONG_PORT, web),
            tuple(Check.PROBE_WRONG_PATH, web),
            tuple(Check.PROBE_WRONG_SUCCESS_CODES, web),
            tuple(Check.PROBE_TOO_SLOW, web),
            tuple(Check.NODE_NOT_IN_POOL, "node2 (10.0.1.5)"),
            tuple(Check.NAT_RULE_MISSING, "port 8441"),
            tuple(Check.NAT_RULE_MISSING, "port 8442"),
            tuple(Check.NAT_RULE_MISSING, "port 221"),
            tuple(Check.NAT_RULE_MISSING, "port 222"),
            tuple(Check.PROBE_BLOCKED, "node1 (10.0.1.4)"),
            tuple(Check.PROBE_BLOCKED, "node2 (10.0.1.5)"),
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (TCP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (TCP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node1 -> node2 (UDP 6973)"),
            tuple(Check.PEER_PORT_BLOCKED, "node2 -> node1 (UDP 6973)"),
            tuple(Check.FAILS_OPEN, "NLB nlb-ha"));
        assertThat(findings).allSatisfy(finding -> assertThat(finding.fix()).isNotBlank());
        assertThat(findings.get(0).problem()).contains("both nodes look healthy");
        assertThat(findings.get(3).problem()).startsWith("counts HTTP 200-399 as healthy");
        assertThat(findings.get(4).problem()).startsWith("marks a failed node down only after 60 s (30 s x 2)");
        assertThat(findings.get(10).problem()).isEqualTo("no rule allowing it (the implicit deny) blocks the "
            + "balancer's probes (10.0.0.37, 10.0.2.52) to port 8444, so the balancer sees the node as down");
        assertThat(findings.get(10).fix()).isEqualTo("allow TCP 8444 from 10.0.0.37, 10.0.2.52 (hanode cloud apply "
            + "adds one)");
        assertThat(findings).filteredOn(finding -> finding.severity() == Severity.WARNING).hasSize(1);
    }

    @Test
    void nlbFailingOpenRightNowIsAProblem() {
        NlbState state = PairOnAws.converged(pair.topology);
        state.group(state.groups.get("hapair-rule-tcp-8444").withTargets(List.of(
            PairOnAws.unhealthy(NODE1_INSTANCE, 8444, "Target.ResponseCodeMismatch"),
            PairOnAws.unhealthy(NODE2_INSTANCE, 8444, "Target.ResponseCodeMismatch"))));
        state.stub(stub);

        assertThat(pair.run().diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);

        assertThat(pair.printed()).contains("target group hapair-rule-tcp-8444: every target is unhealthy right now "
            + "(node1: unhealthy Target.ResponseCodeMismatch, node2: unhealthy Target.ResponseCodeMismatch), so the "
            + "NLB is failing open: both nodes get traffic");
        assertThat(pair.output).last().isEqualTo("1 problem(s) found");
    }

    @Test
    void nodeMissingFromAGroupAndADefaultMatcherOnOursAreFoundByName() {
        NlbState state = PairOnAws.converged(pair.topology);
        NlbState.Group web = state.groups.get("hapair-rule-tcp-443");
        state.group(web.withTargets(List.of(PairOnAws.healthy(NODE1_INSTANCE, 443)))
            .withCheck(ElbXml.httpCheck(8444, "/", 5, 4, 2, 2, "200-399")));
        state.stub(stub);

        assertThat(diagnose()).extracting(Finding::check, Finding::subject).containsExactly(
            tuple(Check.PROBE_WRONG_SUCCESS_CODES, "probe hapair-rule-tcp-443"),
            tuple(Check.NODE_NOT_IN_POOL, "node2 (10.0.1.5)"),
            tuple(Check.FAILS_OPEN, "NLB nlb-ha"));
    }

    @Test
    void probesAllowedFromTheNlbsSecurityGroupPassWhileAnNlbWithoutItIsBlocked() {
        String nlbGroup = "sg-0e0e0e0e0e0e0e0e0";
        AwsFixture narrow = new AwsFixture(aws.baseUrl(), Map.of("clientSources", "10.20.0.0/16",
            "probeSources", nlbGroup));
        NlbState state = PairOnAws.converged(narrow.topology);
        state.balancerGroups(List.of(nlbGroup));
        state.stub(stub);

        assertThat(narrow.run().diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);

        NlbState withoutGroup = PairOnAws.converged(narrow.topology);
        withoutGroup.stub(stub);
        List<Finding> findings = new ArrayList<>();
        CloudAdapter adapter = narrow.provider().connect(narrow.settings, narrow.topology);
        findings.addAll(PairDiagnosis.diagnose(narrow.topology, adapter.observe(), adapter.networkFacts(), Map.of(),
            List.of()));
        assertThat(findings).extracting(Finding::check).containsExactly(Check.PROBE_BLOCKED, Check.PROBE_BLOCKED);
    }

    private List<Finding> diagnose() {
        CloudAdapter adapter = pair.provider().connect(pair.settings, pair.topology);
        List<Finding> findings = new ArrayList<>(PairDiagnosis.diagnose(pair.topology, adapter.observe(),
            adapter.networkFacts(), Map.of(), List.of()));
        findings.addAll(adapter.providerFindings());
        return findings;
    }
}
