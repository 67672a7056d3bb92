package io.hapair.node.cli;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.azure.AzureProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

class CloudCommandTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort()).build();

    private static final String SUBSCRIPTION = "0b7c3a1e-5d2f-4a6b-9c8d-7e6f5a4b3c2d";
    private static final String NETWORK = "/subscriptions/" + SUBSCRIPTION
        + "/resourceGroups/rg-pair/providers/Microsoft.Network";
    private static final String LB = NETWORK + "/loadBalancers/ilb-pair";

    // ARM over plain HTTP gets a fixed token; the SDK's bearer policy would refuse to send one.
    private static final HttpPipelinePolicy TOKEN = (context, next) -> {
        context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer cli-test");
        return next.process();
    };
    private static final RetryOptions QUICK_RETRY = new RetryOptions(new ExponentialBackoffOptions()
        .setMaxRetries(1).setBaseDelay(Duration.ofMillis(10)));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void emptyBalancerUnboundNicsAndDefaultNsg() throws IOException {
        answer(LB, "loadbalancer-empty.json");
        answer(NETWORK + "/networkInterfaces/nic-node1", "nic-node1.json");
        answer(NETWORK + "/networkInterfaces/nic-node2", "nic-node2.json");
        answer(NETWORK + "/networkSecurityGroups/nsg-pair", "nsg.json");
        arm.stubFor(put(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{{{request.body}}}")
            .withTransformers("response-template")));
    }

    @Test
    void planPrintsTheDryRunAndChangesNothing() {
        int exit = run("", "plan");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Azure load balancer ilb-pair in resource group rg-pair")
            .contains("+ add health probe hapair-health-probe: HTTP :8444 path / every 5 s, unhealthy after 2")
            .contains("plan: 19 to add, 0 to update, 0 to remove");
        assertThat(arm.findAll(putRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void applyWithYesWritesAndExitsZero() {
        int exit = run("", "apply", "--yes");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("done: 19 applied, 0 failed, 0 not attempted");
        assertThat(arm.findAll(putRequestedFor(urlPathEqualTo(LB)))).hasSize(1);
    }

    @Test
    void declinedPromptWritesNothingAndExitsOne() {
        int exit = run("n\n", "apply");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("apply these 19 change(s)? [y/N]")
            .contains("not applied: declined at the prompt");
        assertThat(arm.findAll(putRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void approvedPromptApplies() {
        assertThat(run("y\n", "apply")).isZero();
        assertThat(arm.findAll(putRequestedFor(urlPathEqualTo(LB)))).hasSize(1);
    }

    @Test
    void failedWriteExitsOneWithTheReason() {
        arm.stubFor(put(urlPathEqualTo(LB)).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'x' with object id 'x' "
                + "does not have authorization to perform action 'Microsoft.Network/loadBalancers/write' over scope '"
                + LB + "' or the scope is invalid.\"}}")));

        int exit = run("", "apply", "--yes");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("permission denied: Microsoft.Network/loadBalancers/write");
    }

    @Test
    void missingAddressIsBadInputNamingTheFieldAndTheFix() {
        List<String> args = new ArrayList<>(List.of("plan"));
        args.addAll(azureFlags());
        args.removeAll(List.of("--node1-address", "10.1.0.4"));

        int exit = new CommandLine(new CloudCommand(name -> provider(), InputStream.nullInputStream()))
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo(
            "bad input: node1.address: missing; give node 1's (the master's) private IPv4 address");
    }

    @Test
    void topologyFileIsReadAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pair.yaml"), """
            provider: azure
            node1: {address: 10.1.0.99}
            node2: {address: 10.1.0.5}
            publishedPorts: [443, 53/udp]
            azure:
              subscription: %s
              resourceGroup: rg-pair
              loadBalancer: ilb-pair
              node1Nic: nic-node1
              node2Nic: nic-node2
              armEndpoint: %s
            """.formatted(SUBSCRIPTION, arm.baseUrl()));

        int exit = execute("", "plan", "--topology", file.toString(), "--node1-address", "10.1.0.4");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("+ add load-balancing rule hapair-rule-udp-53: UDP 53 -> 53");
    }

    @Test
    void diagnoseOfAnEmptyBalancerExitsOneWithFixes() {
        int exit = run("", "diagnose");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("port 8444: no load-balancing rule on the health-check port")
            .contains("fix: ").contains("problem(s) found");
    }

    @Test
    void typoInAFileKeyIsBadInput(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pair.yaml"), "azure:\n  resourceGroop: rg-pair\n");

        assertThat(execute("", "plan", "--topology", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("bad input: azure.resourceGroop: unknown setting; check the spelling");
    }

    private int run(String answers, String subcommand, String... extra) {
        List<String> args = new ArrayList<>(List.of(subcommand));
        args.addAll(azureFlags());
        args.addAll(List.of(extra));
        return execute(answers, args.toArray(String[]::new));
    }

    private int execute(String answers, String... args) {
        InputStream input = new ByteArrayInputStream(answers.getBytes(StandardCharsets.UTF_8));
        return new CommandLine(new CloudCommand(name -> provider(), input))
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private static List<String> azureFlags() {
        return List.of("--provider", "azure", "--subscription", SUBSCRIPTION, "--resource-group", "rg-pair",
            "--load-balancer", "ilb-pair", "--node1-nic", "nic-node1", "--node2-nic", "nic-node2",
            "--node1-address", "10.1.0.4", "--node2-address", "10.1.0.5", "--published-port", "443",
            "--arm-endpoint", arm.baseUrl());
    }

    private static AzureProvider provider() {
        return AzureProvider.authenticatedBy(TOKEN, QUICK_RETRY);
    }

    private static void answer(String path, String file) throws IOException {
        try (InputStream body = CloudCommandTest.class.getResourceAsStream("/arm/" + file)) {
            arm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(new String(body.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }
}
