package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.CloudShape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.utils.StringInputStream;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsFailureTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private AwsFixture pair;

    @BeforeEach
    void emptyBalancer() {
        pair = new AwsFixture(aws.baseUrl(), Map.of());
        PairOnAws.empty().stub(stub);
        stub.acceptWrites();
    }

    @Test
    void throttledCreateIsRetriedWithBackoffThenSucceeds() {
        failFirst(() -> AwsApiStub.elb("CreateTargetGroup").withFormParam("Name", equalTo("hapair-rule-tcp-8444")),
            400, ElbXml.error("Throttling", "Rate exceeded"), 2);

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls("CreateTargetGroup")).filteredOn(form -> form.get("Name").equals("hapair-rule-tcp-8444"))
            .hasSize(3);
    }

    @Test
    void ec2RequestLimitExceededIsRetriedToo() {
        failFirst(() -> AwsApiStub.ec2("DescribeSecurityGroupRules"), 503,
            Ec2Xml.error("RequestLimitExceeded", "Request limit exceeded."), 1);

        assertThat(pair.run().plan()).isEqualTo(Outcome.PLANNED);

        assertThat(stub.calls("DescribeSecurityGroupRules")).hasSize(2);
    }

    @Test
    void throttlingThatLastsGivesAClearErrorAfterTheLastAttempt() {
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(AwsApiStub.xml(400,
            ElbXml.error("Throttling", "Rate exceeded"))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(CloudException.class)
            .hasMessage("AWS kept throttling elasticloadbalancing:DescribeLoadBalancers for load balancer nlb-ha "
                + "(Throttling) after 3 attempts with backoff; wait a few minutes and run the command again; other "
                + "tools may be calling the same account and region");
        assertThat(stub.calls("DescribeLoadBalancers")).hasSize(AwsFixture.RETRY_ATTEMPTS);
    }

    @Test
    void accessDeniedNamesTheActionAndOnlyThatGroupsChainStops() {
        stub.stub(AwsApiStub.elb("CreateTargetGroup").withFormParam("Name", equalTo("hapair-rule-tcp-443"))
            .willReturn(AwsApiStub.xml(403, ElbXml.error("AccessDenied", "User: arn:aws:iam::123456789012:user/ops "
                + "is not authorized to perform: elasticloadbalancing:CreateTargetGroup on resource: "
                + "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/hapair-rule-tcp-443/* because no "
                + "identity-based policy allows the elasticloadbalancing:CreateTargetGroup action"))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("failed: permission denied: elasticloadbalancing:CreateTargetGroup on "
            + "target group hapair-rule-tcp-443 (AccessDenied); allow elasticloadbalancing:CreateTargetGroup in the "
            + "IAM policy of the identity running this");
        assertThat(stub.calls("CreateListener")).extracting(form -> form.get("Port")).doesNotContain("443")
            .contains("8444");
        assertThat(pair.output).last().isEqualTo("done: 18 applied, 3 failed, 0 not attempted");
    }

    @Test
    void accessDeniedForTheTaggingOfACreateNamesAddTags() {
        stub.stub(AwsApiStub.elb("CreateListener").willReturn(AwsApiStub.xml(403, ElbXml.error("AccessDenied",
            "User: arn:aws:sts::123456789012:assumed-role/ops/cli is not authorized to perform: "
                + "elasticloadbalancing:AddTags on resource: " + ElbXml.BALANCER_ARN.replace(":loadbalancer/",
                ":listener/") + "/* because no identity-based policy allows the elasticloadbalancing:AddTags action"))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("permission denied: elasticloadbalancing:AddTags on listener on port 8444");
    }

    @Test
    void unauthorizedSecurityGroupWriteWithoutANamedActionNamesTheOneTried() {
        stub.stub(AwsApiStub.ec2("AuthorizeSecurityGroupIngress").willReturn(AwsApiStub.xml(403,
            Ec2Xml.error("UnauthorizedOperation", "You are not authorized to perform this operation. Encoded "
                + "authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abcdefg"))));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);

        assertThat(pair.printed()).contains("permission denied: ec2:AuthorizeSecurityGroupIngress on security group "
            + NlbState.PAIR_GROUP + " (UnauthorizedOperation)");
    }

    @Test
    void unreachableEndpointSaysWhereItWasLookedFor() {
        AwsFixture lost = new AwsFixture("http://127.0.0.1:1", Map.of());

        assertThatThrownBy(() -> lost.run().plan()).isInstanceOf(CloudException.class)
            .hasMessageStartingWith("cannot reach AWS at http://127.0.0.1:1 (java.net.ConnectException")
            .hasMessageEndingWith("check the network and proxy, the region, or the endpoint override");
    }

    @Test
    void expiredCredentialsSayHowToRefreshThem() {
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(AwsApiStub.xml(403,
            ElbXml.error("ExpiredToken", "The security token included in the request is expired"))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(CloudException.class)
            .hasMessageStartingWith("AWS refused the credentials (ExpiredToken: The security token included in the "
                + "request is expired); refresh or provide credentials: `aws sso login`");
    }

    @Test
    void missingCredentialsAreReportedBeforeAnyCall() {
        ProfileCredentialsProvider none = ProfileCredentialsProvider.builder().profileName("hapair")
            .profileFile(ProfileFile.builder().content(new StringInputStream("[profile other]\nregion = eu-west-1\n"))
                .type(ProfileFile.Type.CONFIGURATION).build()).build();
        AwsProvider provider = AwsProvider.using(none, AwsFixture.QUICK_RETRY);

        assertThatThrownBy(() -> provider.connect(pair.settings, TopologySettings.read(pair.settings,
            CloudShape.TARGET_GROUPS)))
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("no AWS credentials found (")
            .hasMessageContaining("hapair")
            .hasMessageEndingWith(AwsErrors.CREDENTIALS_FIX);
        assertThat(stub.calls()).isEmpty();
    }

    @Test
    void targetGroupCreatedMeanwhileIsReReadAndThePlanFinishedAroundIt() {
        String name = "hapair-nat-node1-api";
        stub.stub(AwsApiStub.elb("CreateTargetGroup").withFormParam("Name", equalTo(name)).inScenario("conflict")
            .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("refused").willReturn(AwsApiStub.xml(400,
                ElbXml.error("DuplicateTargetGroupName", "A target group with the same name '" + name
                    + "' exists, but with different settings"))));
        // What a re-read finds: the two groups written before the refusal, and the one someone else created.
        NlbState afterConflict = PairOnAws.converged(pair.topology);
        List.of("hapair-nat-node2-api", "hapair-nat-node1-ssh", "hapair-nat-node2-ssh")
            .forEach(afterConflict.groups::remove);
        List.of(8441, 8442, 221, 222).forEach(afterConflict::dropListener);
        afterConflict.rules.clear();
        afterConflict.stub(stub.onceScenario("conflict", "refused"));

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(pair.printed()).contains("conflict: target group hapair-nat-node1-api (DuplicateTargetGroupName) "
                + "changed since it was read; re-read it and plan again")
            .contains("re-reading and re-planning (round 2 of 3)")
            .contains("~ update NAT rule hapair-nat-node1-api: frontendPort 0 -> 8441");
        assertThat(stub.calls("CreateTargetGroup")).extracting(form -> form.get("Name")).containsExactly(
            "hapair-rule-tcp-8444", "hapair-rule-tcp-443", name, "hapair-nat-node2-api", "hapair-nat-node1-ssh",
            "hapair-nat-node2-ssh");
        assertThat(stub.calls("CreateListener")).filteredOn(form -> form.get("Port").equals("8441"))
            .extracting(form -> form.get("DefaultActions.member.1.TargetGroupArn"))
            .containsExactly(ElbXml.targetGroupArn(name));
    }

    @Test
    void applyThatFailedHalfwayIsFinishedByTheNextOne() {
        failFirst(() -> AwsApiStub.elb("CreateListener").withFormParam("Port", equalTo("443")), 400,
            ElbXml.error("TooManyListeners", "You've reached the limit on the number of listeners per load balancer"),
            1);
        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.FAILED);
        NlbState halfway = PairOnAws.converged(pair.topology);
        halfway.dropListener(443);
        halfway.stub(stub);
        stub.forgetCalls();

        assertThat(pair.run().apply(plan -> true)).isEqualTo(Outcome.APPLIED);

        assertThat(pair.output).contains("+ add load-balancing rule hapair-rule-tcp-443: TCP 443 -> 443 probe "
            + "hapair-rule-tcp-443, pool hapair-rule-tcp-443, floating IP off, persistence NONE");
        assertThat(stub.mutatingActions()).containsExactly("CreateListener");
        assertThat(stub.calls("CreateListener").get(0)).containsEntry("Port", "443")
            .containsEntry("DefaultActions.member.1.TargetGroupArn", ElbXml.targetGroupArn("hapair-rule-tcp-443"));
    }

    /** The call answers with the error {@code times} times, then as stubbed before. */
    private void failFirst(Supplier<MappingBuilder> call, int status, String body, int times) {
        String scenario = "failing-" + body.hashCode();
        for (int i = 0; i < times; i++) {
            stub.stub(call.get().inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
                .willSetStateTo("after-" + (i + 1)).willReturn(AwsApiStub.xml(status, body)));
        }
    }
}
