package io.hapair.node.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.azure.AzureProvider;
import io.hapair.node.ArmStandIn;
import io.hapair.node.TestPorts;
import io.hapair.node.runtime.RunningApiNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.ArrayList;
import java.util.List;

import static io.hapair.node.ArmStandIn.LB;
import static io.hapair.node.ArmStandIn.SUBSCRIPTION;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hanode cloud} against an Azure stand-in (WireMock), and with {@code --from-node} against a
 * real node's API on 127.20.61.1 (127.20.61.2 has nothing listening).
 */
class CloudCommandTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort()).build();

    private static final String NODE_HOST = "127.20.61.1";
    private static final String NOBODY = "127.20.61.2";
    // The pair's nodes, as the stand-in's NICs hold them: loopback where nothing listens. Diagnose asks each node's
    // API (port 8443) for its check port when it has the password, and tests send nothing off the machine.
    private static final String NODE1 = "127.20.61.3";
    private static final String NODE2 = "127.20.61.4";

    @TempDir
    static Path nodeDir;
    private static RunningApiNode node;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A node serving http on 8080 and tcp on 9090, and a disabled service on 7070. */
    @BeforeAll
    static void nodeWithVirtualServices() throws Exception {
        node = RunningApiNode.start(NODE_HOST, nodeDir);
        createVirtualService("web", 8080, "http", true);
        createVirtualService("db", 9090, "tcp", true);
        createVirtualService("old", 7070, "tcp", false);
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    @BeforeEach
    void emptyBalancerUnboundNicsAndDefaultNsg() throws IOException {
        ArmStandIn.serveUnwiredPair(arm, NODE1, NODE2);
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
        args.removeAll(List.of("--node1-address", NODE1));

        int exit = new CommandLine(new CloudCommand(name -> provider(), InputStream.nullInputStream()))
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo(
            "bad input: node1.address: missing; give node 1's (the master's) private IPv4 address");
    }

    @Test
    void topologyFileIsReadFlagsOverrideItAndPublishedPortsAddToIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pair.yaml"), """
            provider: azure
            node1: {address: 127.20.61.99}
            node2: {address: %s}
            publishedPorts: [443, 53/udp]
            azure:
              subscription: %s
              resourceGroup: rg-pair
              loadBalancer: ilb-pair
              node1Nic: nic-node1
              node2Nic: nic-node2
              armEndpoint: %s
            """.formatted(NODE2, SUBSCRIPTION, arm.baseUrl()));

        int exit = execute("", "plan", "--topology", file.toString(), "--node1-address", NODE1,
            "--published-port", "443,80");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("published ports: 443/tcp (topology file, --published-port), 53/udp "
                + "(topology file), 80/tcp (--published-port)")
            .contains("+ add load-balancing rule hapair-rule-udp-53: UDP 53 -> 53")
            .contains("+ add load-balancing rule hapair-rule-tcp-80: TCP 80 -> 80")
            .contains("to " + NODE1 + "," + NODE2 + " port 6973");
    }

    @Test
    void aBadPublishedPortFlagIsBadInputNamingTheFlag() {
        assertThat(run("", "plan", "--published-port", "44x")).isEqualTo(CloudCommand.BAD_INPUT);
        assertThat(err.toString().trim()).isEqualTo("bad input: --published-port: '44x' is not a published port; "
            + "write PORT, PORT/tcp or PORT/udp, e.g. 443 or 53/udp");
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

    @Test
    void planFromANodeAddsARuleAndASecurityRulePerEnabledVirtualServicePort() {
        int exit = run("", "plan", fromNode());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
            .contains(node.url() + ": 2 enabled virtual service(s) (db 9090/tcp, web 8080/tcp), not published as "
                + "disabled: old")
            .contains("published ports: 443/tcp (--published-port), 9090/tcp (virtual service db), 8080/tcp "
                + "(virtual service web)")
            .contains("+ add load-balancing rule hapair-rule-tcp-8080: TCP 8080 -> 8080 probe hapair-health-probe")
            .contains("+ add load-balancing rule hapair-rule-tcp-9090: TCP 9090 -> 9090 probe hapair-health-probe")
            .contains("INBOUND ALLOW TCP from VirtualNetwork to " + NODE1 + "," + NODE2 + " port 8080")
            .contains("INBOUND ALLOW TCP from VirtualNetwork to " + NODE1 + "," + NODE2 + " port 9090")
            .doesNotContain("7070")
            .contains("plan: 23 to add, 0 to update, 0 to remove");
        assertThat(arm.findAll(putRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void applyFromANodeWritesTheVirtualServicesRulesIntoTheBalancer() {
        int exit = run("", "apply", fromNode("--yes"));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(arm.findAll(putRequestedFor(urlPathEqualTo(LB)))).singleElement()
            .satisfies(put -> assertThat(put.getBodyAsString()).contains("hapair-rule-tcp-8080")
                .contains("hapair-rule-tcp-9090").doesNotContain("7070"));
    }

    @Test
    void diagnoseFromANodeReportsEachVirtualServicePortWithoutARuleWithTheFix() {
        int exit = run("", "diagnose", fromNode());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
            .contains("virtual service web (8080/tcp): no load-balancing rule forwards TCP 8080, so clients going "
                + "through the balancer cannot reach it\n    fix: run `hanode cloud apply --from-node NODE_URL`, "
                + "which adds load-balancing rule hapair-rule-tcp-8080: TCP 8080 -> 8080 probe hapair-health-probe")
            .contains("virtual service db (9090/tcp): no load-balancing rule forwards TCP 9090")
            .doesNotContain("virtual service old");
    }

    @Test
    void diagnoseFromANodeWhoseSnmpAgentAnswersOnAnotherPortThanTheManagersRuleReportsIt() throws Exception {
        int agentPort = 16161;
        HttpResponse<Buffer> stored = node.send(HttpMethod.PUT, "snmp", new JsonObject().put("enabled", true)
            .put("port", agentPort).put("community", "cloud-command-test"));
        assertThat(stored.statusCode()).as(stored.bodyAsString()).isIn(200, 201);
        try {
            int exit = run("", "diagnose", fromNode("--monitoring-source", "10.9.0.0/24"));

            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).contains(node.url() + ": SNMP agent on UDP " + agentPort)
                .contains("SNMP agent (UDP " + agentPort + "): the topology's snmpPort is 161, so the managers' rule "
                    + "opens another port than the agent answers on\n    fix: set snmpPort to " + agentPort);
        } finally {
            assertThat(node.send(HttpMethod.DELETE, "snmp", null).statusCode()).isIn(200, 204);
        }
        out.getBuffer().setLength(0);
        run("", "diagnose", fromNode());
        assertThat(out.toString()).contains(node.url() + ": no SNMP agent").doesNotContain("SNMP agent (UDP");
    }

    @Test
    void aNodeRefusingThePasswordStopsTheCommandBeforeTheCloudIsRead() {
        int exit = run("", "apply", "--yes", "--from-node", node.url(), "--node-password", "not-the-password",
            "--node-cacert", node.certificate().toString());

        assertThat(exit).isEqualTo(CloudCommand.FAILED);
        assertThat(err.toString().trim()).isEqualTo("error: --from-node " + node.url() + ": the node refused the "
            + "password (401); give the password of its user bal with --node-password or HANODE_ADMIN_PASSWORD");
        assertThat(out.toString()).isEmpty();
        assertThat(arm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anUnreachableNodeStopsTheCommandNamingTheFlag() {
        String url = "https://" + NOBODY + ":" + TestPorts.free(NOBODY);

        int exit = run("", "plan", "--from-node", url, "--node-password", RunningApiNode.PASSWORD,
            "--insecure-node-api");

        assertThat(exit).isEqualTo(CloudCommand.FAILED);
        assertThat(err.toString()).startsWith("error: --from-node " + url + ": cannot reach the node (")
            .contains("check that it runs and that the URL is its API");
        assertThat(arm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void fromNodeWithoutTrustOrWithAnotherSchemeIsBadInput() {
        assertThat(run("", "plan", "--from-node", node.url(), "--node-password", RunningApiNode.PASSWORD))
            .isEqualTo(CloudCommand.BAD_INPUT);
        assertThat(err.toString()).startsWith("bad input: --from-node " + node.url() + ": its certificate is "
            + "self-signed: give --node-cacert DATA_DIR/node-cert.pem, or --insecure-node-api");

        assertThat(run("", "plan", "--from-node", "http://" + NODE_HOST + ":8443", "--insecure-node-api"))
            .isEqualTo(CloudCommand.BAD_INPUT);
        assertThat(err.toString()).contains("bad input: --from-node: 'http://" + NODE_HOST + ":8443' is not a node's "
            + "API URL; give https://ADDRESS:PORT");
        assertThat(arm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void armThatNeverAnswersFailsWithinTheTimeoutNamingTheEndpoint() {
        arm.stubFor(get(urlPathEqualTo(LB)).atPriority(1).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(20_000)));

        int exit = run("", "plan", "--timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: no answer from Azure Resource Manager at " + arm.baseUrl() + LB)
            .contains("within the command's time limit of 2s");
    }

    @Test
    void theNodesOwnLoggingIsAsBeforeOnceACloudCommandEnds() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
            org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        List<String> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> appenders.add(appender.getName()));

        assertThat(run("", "plan")).isZero();

        List<String> after = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> after.add(appender.getName()));
        assertThat(after).isEqualTo(appenders).contains("STDOUT");
        assertThat(root.getLevel()).isEqualTo(level);
    }

    @Test
    void timeoutThatIsNoDurationIsBadInput() {
        assertThat(run("", "plan", "--timeout", "soon")).isEqualTo(CloudCommand.BAD_INPUT);
        assertThat(err.toString().trim()).isEqualTo("bad input: timeout: 'soon' is not a time limit; write a number "
            + "and ms, s, m or h, e.g. 30s or 2m");
    }

    /** The flags that read the node's virtual services, then {@code more}. */
    private static String[] fromNode(String... more) {
        List<String> flags = new ArrayList<>(List.of("--from-node", node.url(), "--node-password",
            RunningApiNode.PASSWORD, "--node-cacert", node.certificate().toString()));
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    private static void createVirtualService(String name, int port, String protocol, boolean enabled)
            throws Exception {
        JsonObject service = new JsonObject().put("name", name).put("address", NODE_HOST).put("port", port)
            .put("protocol", protocol).put("enabled", enabled).put("realServers", new JsonArray()
                .add(new JsonObject().put("address", "127.20.61.21").put("port", port)));
        HttpResponse<Buffer> created = node.send(HttpMethod.POST, "virtual-services", service);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
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
            "--node1-address", NODE1, "--node2-address", NODE2, "--published-port", "443",
            "--arm-endpoint", arm.baseUrl());
    }

    private static AzureProvider provider() {
        return ArmStandIn.provider(1);
    }

}
