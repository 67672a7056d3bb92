package io.hapair.node.balancer;

import static io.hapair.node.ArmStandIn.SUBSCRIPTION;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.node.ArmStandIn;
import io.hapair.node.settings.RealServer;
import io.hapair.node.settings.VirtualService;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the self-check that cannot read the balancer are failed runs with the reason, never a clean
 * balancer: against a stand-in of Azure Resource Manager that refuses, answers too late, or after the
 * topology file went away. No node addresses are bound: the nodes in the topology are never contacted.
 */
class BalancerCheckTest {

    @RegisterExtension
    static WireMockExtension arm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;
    private Vertx vertx;
    private Path topology;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        topology = Files.writeString(dir.resolve("cloud-topology.yaml"), """
                provider: azure
                node1: {address: 10.1.0.4}
                node2: {address: 10.1.0.5}
                azure:
                  subscription: %s
                  resourceGroup: rg-pair
                  loadBalancer: ilb-pair
                  node1Nic: nic-node1
                  node2Nic: nic-node2
                  armEndpoint: %s
                """.formatted(SUBSCRIPTION, arm.baseUrl()));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aBalancerTheIdentityMayNotReadIsAFailedRunNamingThePermission() throws Exception {
        arm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'x' with object id 'x'"
                        + " does not have authorization to perform action 'Microsoft.Network/loadBalancers/read' over"
                        + " scope '/subscriptions/" + SUBSCRIPTION + "' or the scope is invalid.\"}}")));

        BalancerReport report = firstRun(Duration.ofSeconds(30));

        assertThat(report.outcome()).isEqualTo(BalancerReport.Outcome.FAILED);
        assertThat(report.message()).contains("Microsoft.Network/loadBalancers/read");
        assertThat(report.findings()).isEmpty();
        assertThat(report.lastSuccessAt()).isEqualTo(-1);
        assertThat(report.lastRunAt()).isPositive();
    }

    @Test
    void aCloudThatAnswersTooLateIsAFailedRunAfterTheTimeout() throws Exception {
        arm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                .withHeader("Content-Type", "application/json").withBody("{}")));

        BalancerReport report = firstRun(Duration.ofSeconds(1));

        assertThat(report.outcome()).isEqualTo(BalancerReport.Outcome.FAILED);
        assertThat(report.message()).startsWith("the cloud did not answer within 1 s");
    }

    @Test
    void aTopologyFileThatWentAwayIsAFailedRunNamingTheFile() throws Exception {
        Files.delete(topology);

        BalancerReport report = firstRun(Duration.ofSeconds(30));

        assertThat(report.outcome()).isEqualTo(BalancerReport.Outcome.FAILED);
        assertThat(report.message()).startsWith("the topology " + topology + " is not usable").contains("does not exist");
    }

    @Test
    void theNodesCheckPortAndEnabledVirtualServicesReachDiagnoseAsFromNodeWouldTellThem() throws Exception {
        ArmStandIn.serveUnwiredPair(arm);
        BalancerCheck.NodePorts ports = BalancerCheck.NodePorts.of(Map.of("10.1.0.4", 9444),
                List.of(service("web", 8080, true), service("old", 7070, false)), OptionalInt.empty());

        BalancerReport report = firstRun(Duration.ofSeconds(30), ports);

        assertThat(report.outcome()).isEqualTo(BalancerReport.Outcome.FINDINGS);
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Finding.Check.CHECK_PORTS_DIFFER);
            assertThat(f.subject()).isEqualTo("node1");
            assertThat(f.problem()).isEqualTo("answers health checks on port 9444 but the topology's probe uses 8444");
        }).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Finding.Check.VIRTUAL_SERVICE_NOT_BALANCED);
            assertThat(f.subject()).isEqualTo("virtual service web (8080/tcp)");
        }).noneSatisfy(f -> assertThat(f.subject() + f.problem()).contains("old"));
    }

    @Test
    void anSnmpAgentOnAnotherPortThanTheTopologysManagersRuleIsAFinding() throws Exception {
        Files.writeString(topology, "monitoringSources: [10.1.9.0/24]\nsnmpPort: 1161\n", StandardOpenOption.APPEND);
        ArmStandIn.serveUnwiredPair(arm);

        BalancerReport report = firstRun(Duration.ofSeconds(30),
                new BalancerCheck.NodePorts(Map.of("10.1.0.4", 8444), List.of(), OptionalInt.of(161)));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(Finding.Check.SNMP_NOT_ADMITTED);
            assertThat(f.subject()).isEqualTo("SNMP agent (UDP 161)");
            assertThat(f.problem()).isEqualTo("the topology's snmpPort is 1161, so the managers' rule opens another"
                    + " port than the agent answers on");
        });
    }

    private static VirtualService service(String name, int port, boolean enabled) {
        return new VirtualService(name, "10.1.0.100", port, VirtualService.Protocol.HTTP, List.of(), null, null, null,
                null, enabled, List.of(new RealServer("10.1.2.10", port, null, null, null)));
    }


    private BalancerReport firstRun(Duration timeout) throws Exception {
        return firstRun(timeout, new BalancerCheck.NodePorts(Map.of("10.1.0.4", 8444), List.of(), OptionalInt.empty()));
    }

    /** Starts a check whose next run is far off and returns its first report. */
    private BalancerReport firstRun(Duration timeout, BalancerCheck.NodePorts ports) throws Exception {
        CompletableFuture<BalancerReport> first = new CompletableFuture<>();
        BalancerCheck check = new BalancerCheck(vertx, new BalancerCheck.Schedule(topology, Duration.ofHours(1),
                timeout), name -> ArmStandIn.provider(0),
                () -> ports, first::complete);
        vertx.runOnContext(v -> check.start());
        BalancerReport report = first.get(60, TimeUnit.SECONDS);
        assertThat(check.report()).isEqualTo(report);
        return report;
    }
}
