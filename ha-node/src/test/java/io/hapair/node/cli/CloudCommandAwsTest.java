package io.hapair.node.cli;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.aws.AwsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hanode cloud --provider aws}, and diagnose asking the nodes' APIs (127.0.0.1 and .2) for their check ports. */
class CloudCommandAwsTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** Both nodes' APIs: WireMock listens on every loopback address; the Host header tells the nodes apart. */
    @RegisterExtension
    static WireMockExtension nodes = WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();

    private static final String PASSWORD = "s3cret-bal";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void emptyNlbInFrontOfTwoInstances() throws IOException {
        answer(elb("DescribeLoadBalancers"), "describe-load-balancers.xml");
        answer(elb("DescribeListeners"), "describe-listeners-none.xml");
        answer(elb("DescribeTargetGroups"), "describe-target-groups-none.xml");
        answer(ec2("DescribeInstances").withFormParam("InstanceId.1", equalTo("i-0aaa1111bbbb2222c")),
            "describe-instances-node1.xml");
        answer(ec2("DescribeInstances").withFormParam("InstanceId.1", equalTo("i-0ddd3333eeee4444f")),
            "describe-instances-node2.xml");
        answer(ec2("DescribeSecurityGroupRules"), "describe-security-group-rules-none.xml");
        answer(ec2("DescribeNetworkInterfaces"), "describe-network-interfaces-nlb.xml");
    }

    @Test
    void planWithAwsFlagsShowsTargetGroupsListenersAndRulesAndChangesNothing() {
        int exit = execute("plan", "--provider", "aws", "--region", "eu-central-1", "--nlb", "nlb-pair",
            "--node1-instance", "i-0aaa1111bbbb2222c", "--node2-instance", "i-0ddd3333eeee4444f",
            "--node1-address", "127.0.0.1", "--node2-address", "127.0.0.2", "--published-port", "443",
            "--client-source", "10.0.0.0/16", "--probe-source", "10.0.0.0/24,10.0.1.0/24",
            "--elb-endpoint", aws.baseUrl(), "--ec2-endpoint", aws.baseUrl());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("AWS Network Load Balancer nlb-pair in eu-central-1 (pair id hapair)")
            .contains("+ add NAT rule hapair-nat-node2-api: TCP 8442 -> node2:8443")
            .contains("+ add security rule hapair-allow-probe: INBOUND ALLOW TCP from 10.0.0.0/24,10.0.1.0/24")
            .contains("+ add security rule hapair-allow-peer-udp: INBOUND ALLOW UDP from pair-nodes to 127.0.0.1,127.0.0.2"
                + " port 6973")
            .contains("plan: 21 to add, 0 to update, 0 to remove");
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).allSatisfy(request ->
            assertThat(request.getBodyAsString()).contains("Action=Describe"));
    }

    @Test
    void awsWithoutProbeSourcesIsBadInputNamingTheSetting(@TempDir Path dir) throws IOException {
        Path file = topologyFile(dir, "");

        assertThat(execute("plan", "--topology", file.toString())).isEqualTo(CloudCommand.BAD_INPUT);
        assertThat(err.toString().trim()).isEqualTo("bad input: probeSources: missing; AWS has no default for it; give "
            + "the NLB's subnets' CIDRs such as 10.0.0.0/24,10.0.1.0/24, or the NLB's security group");
    }

    @Test
    void diagnoseAsksBothNodesForTheirCheckPortAndReportsThatTheyDiffer(@TempDir Path dir) throws IOException {
        nodeAnswers("127.0.0.1", 8444);
        nodeAnswers("127.0.0.2", 9444);

        int exit = execute("diagnose", "--topology", topologyFile(dir, "probeSources: [10.0.0.0/24]\n").toString(),
            "--node-password", PASSWORD, "--insecure-node-api");

        assertThat(exit).isEqualTo(CloudCommand.FAILED);
        assertThat(out.toString()).startsWith("node1 (127.0.0.1): runs its health check on port 8444\n"
                + "node2 (127.0.0.2): runs its health check on port 9444\n")
            .contains("node1 and node2: node1 answers health checks on port 8444 but node2 on 9444, and the "
                + "balancer probes one port only");
    }

    @Test
    void nodeThatCannotBeAskedIsReportedAndLeftOutOfTheComparison(@TempDir Path dir) throws IOException {
        nodeAnswers("127.0.0.1", 9444);
        nodes.stubFor(get(urlPathEqualTo("/api/v1/ha/params")).withHeader("Host", equalTo(host("127.0.0.2")))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        int exit = execute("diagnose", "--topology", topologyFile(dir, "probeSources: [10.0.0.0/24]\n").toString(),
            "--node-password", PASSWORD, "--insecure-node-api");

        assertThat(exit).isEqualTo(CloudCommand.FAILED);
        assertThat(out.toString()).contains("node2 (127.0.0.2): not asked: cannot reach https://127.0.0.2:"
                + nodes.getRuntimeInfo().getHttpsPort())
            .contains("node1: answers health checks on port 9444 but the topology's probe uses 8444")
            .doesNotContain("node1 and node2:");
    }

    @Test
    void wrongPasswordAndMissingTrustAreReportedPerNodeWithoutFailing(@TempDir Path dir) throws IOException {
        nodeAnswers("127.0.0.1", 8444);
        String file = topologyFile(dir, "probeSources: [10.0.0.0/24]\n").toString();

        execute("diagnose", "--topology", file, "--node-password", "wrong", "--insecure-node-api");
        assertThat(out.toString()).contains("node1 (127.0.0.1): not asked: https://127.0.0.1:"
            + nodes.getRuntimeInfo().getHttpsPort() + "/api/v1/ha/params answered 401 (wrong password?)");

        int exit = execute("diagnose", "--topology", file, "--node-password", PASSWORD);
        assertThat(exit).as("the empty NLB's problems, not the nodes").isEqualTo(CloudCommand.FAILED);
        assertThat(out.toString()).contains("node2 (127.0.0.2): not asked: its certificate is self-signed: give "
            + "--node-cacert DATA_DIR/node-cert.pem, or --insecure-node-api to skip verification");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void credentialsThatNeverComeEndTheCommandAtItsTimeLimit() {
        AwsCredentialsProvider hanging = () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("no credentials");
        };
        AwsProvider provider = AwsProvider.using(hanging, AwsRetryStrategy.doNotRetry());

        int exit = new CommandLine(new CloudCommand(name -> provider, InputStream.nullInputStream()))
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("plan", "--provider", "aws",
                "--region", "eu-central-1", "--nlb", "nlb-pair", "--node1-instance", "i-0aaa1111bbbb2222c",
                "--node2-instance", "i-0ddd3333eeee4444f", "--node1-address", "127.0.0.1", "--node2-address",
                "127.0.0.2", "--client-source", "10.0.0.0/16", "--probe-source", "10.0.0.0/24",
                "--elb-endpoint", aws.baseUrl(), "--ec2-endpoint", aws.baseUrl(), "--timeout", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: no answer from the cloud or its sign-in within the command's "
            + "time limit of 1s").contains("--timeout 2m");
        assertThat(out.toString()).isEmpty();
    }

    private int execute(String... args) {
        AwsProvider provider = AwsProvider.using(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), AwsRetryStrategy.doNotRetry());
        return new CommandLine(new CloudCommand(name -> provider, InputStream.nullInputStream()))
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    /** The pair on 127.0.0.1 and .2, whose API port is the nodes' stub; {@code extra} adds YAML lines. */
    private static Path topologyFile(Path dir, String extra) throws IOException {
        return Files.writeString(dir.resolve("pair.yaml"), """
            provider: aws
            node1: {address: 127.0.0.1}
            node2: {address: 127.0.0.2}
            apiPort: %d
            publishedPorts: [443]
            clientSources: [10.0.0.0/16]
            aws:
              region: eu-central-1
              loadBalancer: nlb-pair
              node1Instance: i-0aaa1111bbbb2222c
              node2Instance: i-0ddd3333eeee4444f
              elbEndpoint: %s
              ec2Endpoint: %s
            """.formatted(nodes.getRuntimeInfo().getHttpsPort(), aws.baseUrl(), aws.baseUrl()) + extra);
    }

    private static void nodeAnswers(String address, int checkPort) {
        nodes.stubFor(get(urlPathEqualTo("/api/v1/ha/params")).withHeader("Host", equalTo(host(address)))
            .withBasicAuth("bal", PASSWORD).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                    {"running": {"ha-mode": "master", "switch-to-preferred": "prefer-master", "partner": "10.0.0.5",
                     "health-check-port": %d, "health-check-all-interfaces": false},
                     "saved": {"ha-mode": "master", "switch-to-preferred": "prefer-master", "partner": "10.0.0.5",
                     "health-check-port": %d, "health-check-all-interfaces": false}}""".formatted(checkPort, checkPort))));
        nodes.stubFor(get(urlPathEqualTo("/api/v1/ha/params")).atPriority(10).willReturn(aResponse().withStatus(401)));
    }

    private static String host(String address) {
        return address + ":" + nodes.getRuntimeInfo().getHttpsPort();
    }

    private static MappingBuilder elb(String action) {
        return post(urlPathEqualTo("/")).withFormParam("Action", equalTo(action))
            .withFormParam("Version", equalTo("2015-12-01"));
    }

    private static MappingBuilder ec2(String action) {
        return post(urlPathEqualTo("/")).withFormParam("Action", equalTo(action))
            .withFormParam("Version", equalTo("2016-11-15"));
    }

    private static void answer(MappingBuilder call, String file) throws IOException {
        try (InputStream body = CloudCommandAwsTest.class.getResourceAsStream("/aws/" + file)) {
            aws.stubFor(call.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(new String(body.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }
}
