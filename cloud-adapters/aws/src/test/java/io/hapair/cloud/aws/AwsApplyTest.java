package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.run.CloudRun.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.hapair.cloud.aws.AwsApiStub.createdArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class AwsApplyTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private AwsFixture pair;

    @BeforeEach
    void emptyBalancerAndEmptySecurityGroup() {
        pair = new AwsFixture(aws.baseUrl(), Map.of());
        PairOnAws.empty().stub(stub);
        stub.acceptWrites();
    }

    @Test
    void applyOnEmptyNlbCreatesTargetGroupsRegistersBothNodesAndAddsListeners() {
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls("CreateTargetGroup")).extracting(form -> form.get("Name")).containsExactly(
            "hapair-rule-tcp-8444", "hapair-rule-tcp-443", "hapair-nat-node1-api", "hapair-nat-node2-api",
            "hapair-nat-node1-ssh", "hapair-nat-node2-ssh");
        assertThat(stub.calls("CreateTargetGroup").get(0)).isEqualTo(Map.ofEntries(
            entry("Action", "CreateTargetGroup"), entry("Version", "2015-12-01"),
            entry("Name", "hapair-rule-tcp-8444"), entry("Protocol", "TCP"), entry("Port", "8444"),
            entry("VpcId", ElbXml.VPC), entry("TargetType", "instance"),
            entry("HealthCheckProtocol", "HTTP"), entry("HealthCheckPort", "8444"), entry("HealthCheckPath", "/"),
            entry("HealthCheckIntervalSeconds", "5"), entry("HealthCheckTimeoutSeconds", "4"),
            entry("HealthyThresholdCount", "2"), entry("UnhealthyThresholdCount", "2"),
            entry("Matcher.HttpCode", "200"),
            entry("Tags.member.1.Key", "hapair:pair"), entry("Tags.member.1.Value", "hapair"),
            entry("Tags.member.2.Key", "hapair:kind"), entry("Tags.member.2.Value", "balancing-rule")));
        assertThat(stub.calls("ModifyTargetGroupAttributes").get(0)).isEqualTo(Map.ofEntries(
            entry("Action", "ModifyTargetGroupAttributes"), entry("Version", "2015-12-01"),
            entry("TargetGroupArn", createdArn("hapair-rule-tcp-8444")),
            entry("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"),
            entry("Attributes.member.1.Value", "5"),
            entry("Attributes.member.2.Key", "deregistration_delay.connection_termination.enabled"),
            entry("Attributes.member.2.Value", "true"),
            entry("Attributes.member.3.Key", "stickiness.enabled"), entry("Attributes.member.3.Value", "false")));
        assertThat(stub.calls("RegisterTargets").get(0)).isEqualTo(Map.of("Action", "RegisterTargets",
            "Version", "2015-12-01", "TargetGroupArn", createdArn("hapair-rule-tcp-8444"),
            "Targets.member.1.Id", NlbState.NODE1_INSTANCE, "Targets.member.2.Id", NlbState.NODE2_INSTANCE));
        assertThat(stub.calls("CreateListener").get(0)).isEqualTo(Map.ofEntries(
            entry("Action", "CreateListener"), entry("Version", "2015-12-01"),
            entry("LoadBalancerArn", ElbXml.BALANCER_ARN), entry("Protocol", "TCP"), entry("Port", "8444"),
            entry("DefaultActions.member.1.Type", "forward"),
            entry("DefaultActions.member.1.TargetGroupArn", createdArn("hapair-rule-tcp-8444")),
            entry("Tags.member.1.Key", "hapair:pair"), entry("Tags.member.1.Value", "hapair")));
        assertThat(stub.calls("CreateListener")).extracting(form -> form.get("Port"))
            .containsExactly("8444", "443", "8441", "8442", "221", "222");
    }

    @Test
    void managementListenersReachOneNodeEachOnItsUiOrSshPortWithATcpCheck() {
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        Map<String, String> node2Api = stub.calls("CreateTargetGroup").get(3);
        assertThat(node2Api).containsEntry("Name", "hapair-nat-node2-api").containsEntry("Port", "8443")
            .containsEntry("HealthCheckProtocol", "TCP").containsEntry("HealthCheckPort", "traffic-port")
            .containsEntry("Tags.member.2.Value", "nat-rule")
            .doesNotContainKeys("HealthCheckPath", "Matcher.HttpCode");
        assertThat(stub.calls("RegisterTargets").get(3)).isEqualTo(Map.of("Action", "RegisterTargets",
            "Version", "2015-12-01", "TargetGroupArn", createdArn("hapair-nat-node2-api"),
            "Targets.member.1.Id", NlbState.NODE2_INSTANCE));
        assertThat(stub.calls("CreateTargetGroup").get(5)).containsEntry("Name", "hapair-nat-node2-ssh")
            .containsEntry("Port", "22");
    }

    @Test
    void securityRulesAreTaggedPerPartAndThePeerPortIsOpenToTheNodesOwnGroupOnly() {
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        List<Map<String, String>> authorized = stub.calls("AuthorizeSecurityGroupIngress");
        assertThat(authorized).extracting(form -> form.get("TagSpecification.1.Tag.2.Value")).containsExactly(
            "hapair-allow-probe", "hapair-allow-peer", "hapair-allow-peer-udp", "hapair-allow-tcp-8443", "hapair-allow-tcp-8441",
            "hapair-allow-tcp-8442", "hapair-allow-tcp-8444", "hapair-allow-tcp-22", "hapair-allow-tcp-221",
            "hapair-allow-tcp-222", "hapair-allow-tcp-443");
        assertThat(authorized.get(0)).isEqualTo(Map.ofEntries(
            entry("Action", "AuthorizeSecurityGroupIngress"), entry("Version", "2016-11-15"),
            entry("GroupId", NlbState.PAIR_GROUP),
            entry("IpPermissions.1.IpProtocol", "tcp"), entry("IpPermissions.1.FromPort", "8444"),
            entry("IpPermissions.1.ToPort", "8444"), entry("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/24"),
            entry("IpPermissions.1.IpRanges.1.Description", "hapair-allow-probe"),
            entry("IpPermissions.2.IpProtocol", "tcp"), entry("IpPermissions.2.FromPort", "8444"),
            entry("IpPermissions.2.ToPort", "8444"), entry("IpPermissions.2.IpRanges.1.CidrIp", "10.0.2.0/24"),
            entry("IpPermissions.2.IpRanges.1.Description", "hapair-allow-probe"),
            entry("TagSpecification.1.ResourceType", "security-group-rule"),
            entry("TagSpecification.1.Tag.1.Key", "hapair:pair"), entry("TagSpecification.1.Tag.1.Value", "hapair"),
            entry("TagSpecification.1.Tag.2.Key", "hapair:part"),
            entry("TagSpecification.1.Tag.2.Value", "hapair-allow-probe")));
        assertThat(authorized.get(1)).containsEntry("IpPermissions.1.FromPort", "6973")
            .containsEntry("IpPermissions.1.Groups.1.GroupId", NlbState.PAIR_GROUP)
            .doesNotContainKey("IpPermissions.1.IpRanges.1.CidrIp");
        assertThat(stub.calls("RevokeSecurityGroupIngress")).isEmpty();
    }

    @Test
    void secondApplyOnTheConvergedPairMakesNoMutatingCall() {
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);
        assertThat(stub.mutatingActions()).hasSize(6 * 4 + 11);

        PairOnAws.converged(pair.topology).stub(stub);
        stub.forgetCalls();

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.CONVERGED);
        assertThat(stub.mutatingActions()).isEmpty();
        assertThat(pair.output).last()
            .isEqualTo("nothing to do: the cloud side already matches the pair's topology");
    }

    @Test
    void aPortPublishedOverUdpAndTcpIsOneTcpUdpGroupAndListenerCheckedLikeTheOthers() {
        AwsFixture dns = new AwsFixture(aws.baseUrl(), Map.of("publishedPorts", "53/udp,53/tcp"));
        assertThat(dns.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls("CreateTargetGroup")).extracting(form -> form.get("Name"))
            .containsSubsequence("hapair-rule-tcp-8444", "hapair-rule-any-53")
            .doesNotContain("hapair-rule-udp-53", "hapair-rule-tcp-53");
        Map<String, String> group = stub.calls("CreateTargetGroup").get(1);
        assertThat(group).containsEntry("Name", "hapair-rule-any-53").containsEntry("Protocol", "TCP_UDP")
            .containsEntry("Port", "53").containsEntry("HealthCheckProtocol", "HTTP")
            .containsEntry("HealthCheckPort", "8444").containsEntry("Matcher.HttpCode", "200");
        assertThat(stub.calls("CreateListener").get(1)).containsEntry("Protocol", "TCP_UDP")
            .containsEntry("Port", "53")
            .containsEntry("DefaultActions.member.1.TargetGroupArn", createdArn("hapair-rule-any-53"));
        assertThat(stub.calls("CreateListener")).extracting(form -> form.get("Port")).containsOnlyOnce("53");
        assertThat(stub.calls("AuthorizeSecurityGroupIngress")).extracting(form ->
                form.get("IpPermissions.1.IpProtocol") + " " + form.get("IpPermissions.1.FromPort"))
            .contains("udp 53", "tcp 53");

        PairOnAws.converged(dns.topology).stub(stub);
        stub.forgetCalls();
        assertThat(dns.run().apply(plan -> true)).isEqualTo(Outcome.CONVERGED);
        assertThat(stub.mutatingActions()).isEmpty();
    }

    @Test
    void aManagementGroupsDriftedDrainAndCheckAreSetBackInPlace() {
        NlbState state = PairOnAws.converged(pair.topology);
        NlbState.Group api = state.groups.get("hapair-nat-node1-api");
        state.group(new NlbState.Group(api.name(), api.protocol(), api.port(), ElbXml.tcpCheck(30, 10, 2, 2), api.tags(),
            api.targets(), PairOnAws.attributes("300", "false")));
        state.stub(stub);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(pair.output).anyMatch(line -> line.startsWith("~ update NAT rule hapair-nat-node1-api: healthCheck "
            + "TCP :8443 every 30 s"));
        assertThat(stub.mutatingActions()).containsExactly("ModifyTargetGroup", "ModifyTargetGroupAttributes");
        assertThat(stub.calls("ModifyTargetGroup").get(0)).containsEntry("TargetGroupArn",
                ElbXml.targetGroupArn("hapair-nat-node1-api")).containsEntry("HealthCheckIntervalSeconds", "5")
            .containsEntry("HealthCheckProtocol", "TCP");
        assertThat(stub.calls("ModifyTargetGroupAttributes").get(0))
            .containsEntry("Attributes.member.1.Value", "5").containsEntry("Attributes.member.2.Value", "true");
    }

    @Test
    void planPrintsTheChangesAndCallsNothingButDescribes() {
        assertThat(pair.run().plan()).isEqualTo(Outcome.PLANNED);

        assertThat(stub.mutatingActions()).isEmpty();
        assertThat(pair.output).first().isEqualTo("AWS Network Load Balancer nlb-ha in eu-west-1 (pair id hapair)");
        assertThat(pair.output).contains("+ add health probe hapair-rule-tcp-443: HTTP :8444 path / every 5 s, "
                + "unhealthy after 2, healthy after 2, success codes 200",
            "+ add backend pool hapair-rule-tcp-8444: members node1, node2, drain 5 s, then close connections");
    }
}
