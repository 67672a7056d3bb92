package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.topology.InvalidTopologyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's own topology file has no instance IDs (its user data is written before the instances
 * exist): the adapter then finds each node's instance by its private address in the NLB's VPC.
 */
class AwsInstanceDiscoveryTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private final AwsFixture pair = new AwsFixture(aws.baseUrl(), Map.of("aws.node1Instance", "",
        "aws.node2Instance", ""));

    @Test
    void withoutInstanceIdsEachNodesRunningInstanceIsFoundByItsAddressInTheBalancersVpc() {
        PairOnAws.converged(pair.topology).stub(stub);

        assertThat(pair.run().plan()).as(pair.printed()).isEqualTo(Outcome.CONVERGED);

        assertThat(stub.calls("DescribeInstances")).extracting(form -> form.get("Filter.1.Value.1"))
            .containsExactly("10.0.1.4", "10.0.1.5");
        assertThat(stub.calls("DescribeInstances").get(0)).containsEntry("Filter.1.Name", "private-ip-address")
            .containsEntry("Filter.2.Name", "vpc-id").containsEntry("Filter.2.Value.1", ElbXml.VPC)
            .containsEntry("Filter.3.Name", "instance-state-name").containsEntry("Filter.3.Value.1", "running")
            .doesNotContainKey("InstanceId.1");
    }

    @Test
    void withoutInstanceIdsAPairIsAppliedToTheInstancesFoundByAddress() {
        PairOnAws.empty().stub(stub);
        stub.acceptWrites();

        assertThat(pair.run().apply(plan -> true)).as(pair.printed()).isEqualTo(Outcome.APPLIED);

        assertThat(stub.calls("RegisterTargets").get(0)).containsEntry("Targets.member.1.Id", NlbState.NODE1_INSTANCE)
            .containsEntry("Targets.member.2.Id", NlbState.NODE2_INSTANCE);
    }

    @Test
    void noRunningInstanceAtANodesAddressNamesTheKeyToSet() {
        PairOnAws.empty().stub(stub);
        stub.stub(AwsApiStub.ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("10.0.1.5"))
            .willReturn(AwsApiStub.xml(200, Ec2Xml.response("DescribeInstances", "<reservationSet/>"))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOfSatisfying(InvalidTopologyException.class,
                e -> assertThat(e.field()).isEqualTo("aws.node2Instance"))
            .hasMessage("aws.node2Instance: not given, and no running instance has the private address 10.0.1.5 in "
                + "the NLB's VPC " + ElbXml.VPC + "; set aws.node2Instance to node2's instance ID, or fix "
                + "node2.address");
    }

    @Test
    void twoRunningInstancesAtOneAddressAreNamedAndNeitherIsChosen() {
        PairOnAws.empty().stub(stub);
        String other = "i-0c0c0c0c0c0c0c0c0";
        stub.stub(AwsApiStub.ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("10.0.1.4"))
            .willReturn(AwsApiStub.xml(200, Ec2Xml.response("DescribeInstances",
                Ec2Xml.instance(NlbState.NODE1_INSTANCE, "10.0.1.4", ElbXml.VPC, List.of(NlbState.PAIR_GROUP))
                    .replace("</reservationSet>", "") + Ec2Xml.instance(other, "10.0.1.4", ElbXml.VPC,
                    List.of(NlbState.PAIR_GROUP)).replace("<reservationSet>", "")))));

        assertThatThrownBy(() -> pair.run().plan()).isInstanceOfSatisfying(InvalidTopologyException.class,
                e -> assertThat(e.field()).isEqualTo("aws.node1Instance"))
            .hasMessageContaining("2 running instances have the private address 10.0.1.4")
            .hasMessageContaining(NlbState.NODE1_INSTANCE + ", " + other);
    }
}
