package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.adapter.CloudException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator sees when the API endpoint, or something in front of it, misbehaves. */
class AwsUnreliableApiTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final AwsApiStub stub = new AwsApiStub(aws);
    private AwsFixture pair;

    @BeforeEach
    void emptyBalancer() {
        pair = new AwsFixture(aws.baseUrl(), Map.of("timeout", "2s"));
        PairOnAws.empty().stub(stub);
        stub.acceptWrites();
    }

    @Test
    void proxyPageInsteadOfXmlNamesTheEndpointAndWhatCameBack() {
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(WireMock.aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html").withBody("<!DOCTYPE html><html><body>Access via proxy "
                + "requires sign-in</body></html>")));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("AWS at " + aws.baseUrl() + " answered HTTP 200 with Content-Type text/html, not "
                + "XML: \"<!DOCTYPE html><html><body>Access via proxy requires sign-in</body></html>\"")
            .hasMessageContaining("check the endpoint URL and the proxy settings");
    }

    @Test
    void truncatedXmlIsCalledMalformed() {
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(AwsApiStub.xml(200,
            "<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                + "<DescribeLoadBalancersResult><LoadBalancers><member><LoadBalancerName>nlb-ha</LoadBal")));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("AWS at " + aws.baseUrl() + " answered with malformed or truncated XML (")
            .hasMessageContaining("a proxy may be cutting answers short");
    }

    @Test
    void endpointThatNeverAnswersFailsWithinTheTimeLimit() {
        stub.stub(AwsApiStub.elb("DescribeLoadBalancers").willReturn(AwsApiStub.xml(200, "<never/>")
            .withFixedDelay(20_000)));

        assertThatThrownBy(() -> pair.run().plan())
            .isInstanceOf(CloudException.class)
            .hasMessageStartingWith("no answer from AWS at " + aws.baseUrl() + " (elasticloadbalancing:"
                + "DescribeLoadBalancers for load balancer nlb-ha) within the command's time limit of 2s")
            .hasMessageContaining("allow more time with --timeout");
    }
}
