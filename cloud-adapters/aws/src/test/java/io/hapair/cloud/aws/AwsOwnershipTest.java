package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.run.CloudRun.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** The pair owns what carries its tag (and, for target groups, its prefix); it never writes anything else. */
class AwsOwnershipTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private AwsFixture pair;
    private NlbState state;

    @BeforeEach
    void convergedPair() {
        pair = new AwsFixture(aws.baseUrl(), Map.of());
        state = PairOnAws.converged(pair.topology);
        stub.acceptWrites();
    }

    @Test
    void ownedGroupNoLongerWantedIsDeletedWithItsListenerWhileUntaggedOnesWithThePrefixStay() {
        state.group(new NlbState.Group("hapair-rule-tcp-8080", "TCP", 8080, ElbXml.httpCheck(8444, "/", 5, 4, 2, 2,
            "200"), Map.of("hapair:pair", "hapair", "hapair:kind", "balancing-rule"), List.of(), Map.of()));
        state.listener(8080, "TCP", "hapair-rule-tcp-8080", true);
        state.group(new NlbState.Group("hapair-rule-tcp-9090", "TCP", 9090, ElbXml.tcpCheck(30, 10, 5, 2), Map.of(),
            List.of(), Map.of()));
        state.listener(9090, "TCP", "hapair-rule-tcp-9090", false);
        state.group(new NlbState.Group("hapair-orphan", "TCP", 7070, ElbXml.tcpCheck(30, 10, 5, 2),
            Map.of("owner", "someone-else"), List.of(), Map.of()));
        state.stub(stub);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls().stream().filter(form -> !form.get("Action").startsWith("Describe")).toList())
            .containsExactly(
                Map.of("Action", "DeleteListener", "Version", ElbXml.VERSION, "ListenerArn", ElbXml.listenerArn(8080)),
                Map.of("Action", "DeleteTargetGroup", "Version", ElbXml.VERSION,
                    "TargetGroupArn", ElbXml.targetGroupArn("hapair-rule-tcp-8080")));
    }

    @Test
    void untaggedGroupWithAWantedNameIsNeverTouchedAndTheChangeFailsWithTheFix() {
        NlbState.Group theirs = state.groups.get("hapair-rule-tcp-443");
        state.group(new NlbState.Group(theirs.name(), theirs.protocol(), theirs.port(), theirs.check(), Map.of(),
            theirs.targets(), theirs.attributes()));
        state.listener(443, "TCP", "hapair-rule-tcp-443", false);
        state.stub(stub);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(stub.mutatingActions()).isEmpty();
        assertThat(pair.printed()).contains("+ add backend pool hapair-rule-tcp-443")
            .contains("target group hapair-rule-tcp-443 exists but is not this pair's (no tag hapair:pair=hapair); "
                + "rename or delete it, or choose another namePrefix");
    }

    @Test
    void operatorRulesInThePairsGroupStayAndAnIdenticalOneStandsInForOurs() {
        state.rules.removeIf(rule -> rule.contains("<value>hapair-allow-tcp-443</value>"));
        state.rule(Ec2Xml.rule("sgr-0aaaaaaaaaaaaaaa1", NlbState.PAIR_GROUP, "tcp", 443, 443, "10.0.0.0/16",
            "web clients", Map.of()));
        state.rule(Ec2Xml.rule("sgr-0aaaaaaaaaaaaaaa2", NlbState.PAIR_GROUP, "tcp", 22, 22, "0.0.0.0/0", null,
            Map.of()));
        state.rule(Ec2Xml.rule("sgr-0bbbbbbbbbbbbbbb1", NlbState.PAIR_GROUP, "tcp", 8443, 8443, "192.168.0.0/16",
            "hapair-allow-tcp-8443", Map.of("hapair:pair", "hapair", "hapair:part", "hapair-allow-tcp-8443")));
        state.rule(Ec2Xml.rule("sgr-0bbbbbbbbbbbbbbb2", NlbState.PAIR_GROUP, "udp", 53, 53, "10.0.0.0/16",
            "hapair-allow-udp-53", Map.of("hapair:pair", "hapair", "hapair:part", "hapair-allow-udp-53")));
        state.stub(stub);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls().stream().filter(form -> !form.get("Action").startsWith("Describe")).toList())
            .containsExactly(Map.of("Action", "RevokeSecurityGroupIngress", "Version", Ec2Xml.VERSION,
                "GroupId", NlbState.PAIR_GROUP, "SecurityGroupRuleId.1", "sgr-0bbbbbbbbbbbbbbb1",
                "SecurityGroupRuleId.2", "sgr-0bbbbbbbbbbbbbbb2"));
        assertThat(pair.output).contains("~ update security rule hapair-allow-tcp-8443: sources [10.0.0.0/16, "
            + "192.168.0.0/16] -> [10.0.0.0/16]");
    }

    @Test
    void rulesTaggedForAnotherPairAreNotOurs() {
        state.rule(Ec2Xml.rule("sgr-0ccccccccccccccc1", NlbState.PAIR_GROUP, "tcp", 9000, 9000, "10.9.0.0/16",
            "lbpair-allow-tcp-9000", Map.of("hapair:pair", "lbpair", "hapair:part", "hapair-allow-tcp-9000")));
        state.stub(stub);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.CONVERGED);
        assertThat(stub.mutatingActions()).isEmpty();
    }
}
