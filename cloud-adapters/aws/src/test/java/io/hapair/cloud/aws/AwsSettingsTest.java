package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.run.CloudProviders;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.topology.InvalidTopologyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input names the setting and the fix, before or while reading AWS, and never after a write. */
class AwsSettingsTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "probeSources      |                                  | missing; AWS has no default for it",
        "clientSources     | VirtualNetwork                   | 'VirtualNetwork' is neither a CIDR nor a security group",
        "clientSources     | 10.0.0.5                         | write 10.0.0.5/32 for one address",
        "namePrefix        | ha-pair-production-eu-          | target group name ha-pair-production-eu-rule-tcp-8444 (35",
        "aws.loadBalancer  | arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1a2b3c4d5e6f7a8b"
            + " | is not a Network Load Balancer",
        "aws.region        | us-east-1                        | the load balancer's ARN is in eu-west-1",
        "aws.node2Instance | i-0a1b2c3d4e5f60718              | both nodes name instance",
        "aws.securityGroup | default                          | is not a security group ID",
    })
    void badSettingIsRefusedBeforeAnyCall(String key, String value, String problem) {
        Map<String, String> overrides = new HashMap<>(Map.of(key, value == null ? "" : value));
        if (key.equals("aws.region")) {
            overrides.put("aws.loadBalancer", ElbXml.BALANCER_ARN);
        }
        AwsFixture pair = new AwsFixture(aws.baseUrl(), overrides);

        assertThatThrownBy(pair::run).isInstanceOfSatisfying(InvalidTopologyException.class,
                e -> assertThat(e.field()).isEqualTo(key))
            .hasMessageContaining(problem);
        assertThat(stub.calls()).isEmpty();
    }

    @Test
    void regionComesFromTheBalancersArnWhichIsLookedUpAsSuch() {
        PairOnAws.converged(new AwsFixture(aws.baseUrl(), Map.of()).topology).stub(stub);
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of("aws.region", "", "aws.loadBalancer",
            ElbXml.BALANCER_ARN));

        assertThat(pair.run().plan()).isEqualTo(Outcome.CONVERGED);

        assertThat(pair.output).first().isEqualTo("AWS Network Load Balancer " + ElbXml.BALANCER_ARN
            + " in eu-west-1 (pair id hapair)");
        assertThat(stub.calls("DescribeLoadBalancers").get(0))
            .containsEntry("LoadBalancerArns.member.1", ElbXml.BALANCER_ARN).doesNotContainKey("Names.member.1");
    }

    @Test
    void nodeAddressNotOnItsInstanceIsBadInputNamingTheField() {
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of("node1.address", "10.0.1.9"));
        PairOnAws.empty().stub(stub);

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOfSatisfying(InvalidTopologyException.class,
                e -> assertThat(e.field()).isEqualTo("node1.address"))
            .hasMessage("node1.address: 10.0.1.9 is not an address of instance " + NlbState.NODE1_INSTANCE
                + " (it has 10.0.1.4); fix node1.address or aws.node1Instance");
    }

    @Test
    void instancesWithoutACommonSecurityGroupNeedOneNamed() {
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of());
        NlbState state = PairOnAws.empty();
        state.instanceGroups(NlbState.NODE2_INSTANCE, List.of("sg-0999999999999999a"));
        state.stub(stub);

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(InvalidTopologyException.class)
            .hasMessage("aws.securityGroup: not given, and the two instances share no security group; give both "
                + "instances one group for the pair and name it with --security-group");
    }

    @Test
    void namedSecurityGroupMustGuardBothNodes() {
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of("aws.securityGroup", "sg-0999999999999999a"));
        NlbState state = PairOnAws.empty();
        state.instanceGroups(NlbState.NODE1_INSTANCE, List.of(NlbState.PAIR_GROUP, "sg-0999999999999999a"));
        state.stub(stub);

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("aws.securityGroup: sg-0999999999999999a is not attached to node2's instance "
                + NlbState.NODE2_INSTANCE);
    }

    @Test
    void missingBalancerSaysWhereItWasLookedFor() {
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of());
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(AwsApiStub.xml(400, ElbXml.error(
            "LoadBalancerNotFound", "Load balancers '[nlb-ha]' not found"))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOf(CloudException.class)
            .hasMessageStartingWith("load balancer nlb-ha does not exist in eu-west-1; check aws.loadBalancer and "
                + "aws.region");
    }

    @Test
    void unknownInstanceIsBadInputNamingItsKey() {
        AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of());
        PairOnAws.empty().stub(stub);
        stub.stub(AwsApiStub.ec2("DescribeInstances").withFormParam("InstanceId.1",
                equalTo(NlbState.NODE2_INSTANCE))
            .willReturn(AwsApiStub.xml(400, Ec2Xml.error("InvalidInstanceID.NotFound",
                "The instance ID '" + NlbState.NODE2_INSTANCE + "' does not exist"))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOfSatisfying(InvalidTopologyException.class,
            e -> assertThat(e.field()).isEqualTo("aws.node2Instance"));
    }

    @Test
    void providerIsFoundByNameThroughTheServiceLoader() {
        assertThat(CloudProviders.named("aws")).isInstanceOf(AwsProvider.class);
    }
}
