package io.hapair.node.dataplane;

import static io.hapair.node.dataplane.HaproxyDataPlaneTest.result;
import static io.hapair.node.settings.SettingsFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.RealServerRef;
import io.hapair.node.dataplane.model.RealServerStats;
import io.hapair.node.dataplane.model.ServerStatus;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.VirtualService;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers through HAProxy's runtime API and health checks: drain, maintenance and weight change
 * without a reload and show in the statistics and the traffic; a real server that stops answering is
 * taken out by its checks and brought back.
 */
class RealServerStateTest {

    private static final String OWN = "127.0.122.1";
    private static final String RS1 = "127.0.122.11";
    private static final String RS2 = "127.0.122.12";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    java.nio.file.Path dir;
    private Vertx vertx;
    private HaproxyDataPlane plane;
    private final RealServers servers = new RealServers();
    private int port;
    private int serverPort;
    private RealServerRef rs1;
    private RealServerRef rs2;

    @BeforeEach
    void serveTwoRealServers() throws Exception {
        vertx = Vertx.vertx();
        plane = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("real-server-state-test", 1),
                new DataPlaneHost(OWN, dir.toString(), Map.of()), "haproxy");
        port = TestPorts.free(OWN);
        serverPort = TestPorts.free(RS1);
        servers.start("rs1", RS1, serverPort);
        servers.start("rs2", RS2, serverPort);
        rs1 = new RealServerRef("web", RS1, serverPort);
        rs2 = new RealServerRef("web", RS2, serverPort);
        result(plane.start(plane.render(List.of(), List.of())));
        result(plane.apply(plane.render(List.of(service(webJson())), List.of())));
        for (RealServerRef ref : List.of(rs1, rs2)) {
            await().atMost(PATIENCE).until(() -> stats(ref), rs -> rs.statusText().equals("UP")
                    && rs.lastCheck().startsWith("L7OK 200"));
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        result(plane.stop(Duration.ZERO));
        servers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aDrainedRealServerGetsNoNewRequestsUntilItIsReadyAgain() throws Exception {
        result(plane.setServerState(rs1, DataPlane.ServerState.DRAIN));

        assertThat(stats(rs1).status()).isEqualTo(ServerStatus.DRAIN);
        assertThat(answers(12)).containsOnlyKeys("rs2");

        result(plane.setServerState(rs1, DataPlane.ServerState.READY));

        assertThat(stats(rs1).status()).isEqualTo(ServerStatus.UP);
        assertThat(answers(12)).containsOnlyKeys("rs1", "rs2");
    }

    @Test
    void aRealServerInMaintenanceGetsNoRequests() throws Exception {
        result(plane.setServerState(rs2, DataPlane.ServerState.MAINT));

        assertThat(stats(rs2).status()).isEqualTo(ServerStatus.MAINT);
        assertThat(answers(12)).containsOnlyKeys("rs1");
    }

    @Test
    void aWeightChangeShowsInTheStatisticsAndShiftsTheTraffic() throws Exception {
        result(plane.setServerWeight(rs1, 3));

        assertThat(stats(rs1).weight()).isEqualTo(3);
        Map<String, Integer> answers = answers(40);
        System.out.printf("weights 3:1 over 40 requests: %s%n", answers);
        assertThat(answers.get("rs1")).isBetween(28, 32);
    }

    @Test
    void aWeightOutOfHaproxysRangeIsRefused() {
        assertThatThrownBy(() -> result(plane.setServerWeight(rs1, 257))).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("weight 257 is out of range; give a whole number from 0 to 256");
    }

    @Test
    void editedWeightsAndEnabledFlagsApplyWithoutAReload() throws Exception {
        String edited = with(with(webJson(), "realServers[0].weight", "3"), "realServers[1].enabled", "false");

        assertThat(result(plane.apply(plane.render(List.of(service(edited)), List.of()))))
                .isEqualTo(DataPlane.Applied.RUNTIME_API);

        assertThat(stats(rs1).weight()).isEqualTo(3);
        assertThat(stats(rs2).status()).isEqualTo(ServerStatus.MAINT);
        assertThat(answers(8)).containsOnlyKeys("rs1");
    }

    @Test
    void aDrainSetAtRuntimeSurvivesAReload() throws Exception {
        result(plane.setServerState(rs1, DataPlane.ServerState.DRAIN));

        assertThat(result(plane.apply(plane.render(List.of(service(with(webJson(), "idleTimeoutSeconds", "120"))),
                List.of())))).isEqualTo(DataPlane.Applied.RELOADED);

        assertThat(stats(rs1).status()).isEqualTo(ServerStatus.DRAIN);
        assertThat(answers(8)).containsOnlyKeys("rs2");
    }

    @Test
    void aRealServerThatStopsAnsweringIsTakenOutByItsChecksAndComesBack() throws Exception {
        long stopped = System.nanoTime();
        servers.stop("rs1");

        RealServerStats down = awaitStatus(rs1, ServerStatus.DOWN);
        System.out.printf("down after %d ms (checks every 1 s, out after 2 failures)%n",
                (System.nanoTime() - stopped) / 1_000_000);
        assertThat(down.checkFailures()).isGreaterThanOrEqualTo(2);
        assertThat(down.lastCheck()).startsWith("L4CON: Layer4 connection problem (Connection refused)");
        assertThat(answers(8)).containsOnlyKeys("rs2");

        long restarted = System.nanoTime();
        servers.start("rs1", RS1, serverPort);

        RealServerStats up = awaitStatus(rs1, ServerStatus.UP);
        System.out.printf("up after %d ms (back after 2 passes)%n", (System.nanoTime() - restarted) / 1_000_000);
        assertThat(up.lastCheck()).startsWith("L7OK 200");
        assertThat(answers(8)).containsOnlyKeys("rs1", "rs2");
    }

    @Test
    void aRealServerAnsweringItsCheckWithTheWrongStatusIsTakenOut() throws Exception {
        servers.healthStatus("rs2", 503);

        RealServerStats down = awaitStatus(rs2, ServerStatus.DOWN);

        assertThat(down.lastCheck()).startsWith("L7STS 503: Layer7 wrong status");
        servers.healthStatus("rs2", 200);
        awaitStatus(rs2, ServerStatus.UP);
    }

    @Test
    void theStatisticsCountSessionsAndBytesPerServiceAndRealServer() throws Exception {
        answers(10);

        ServiceStats web = result(plane.observe()).stream().filter(s -> s.name().equals("web")).findFirst().orElseThrow();

        assertThat(web.up()).isTrue();
        assertThat(web.totalSessions()).isGreaterThanOrEqualTo(10);
        assertThat(web.bytesIn()).isPositive();
        assertThat(web.bytesOut()).isPositive();
        assertThat(web.realServers()).extracting(RealServerStats::ref).containsExactly(rs1, rs2);
        assertThat(web.realServers()).allSatisfy(rs -> {
            assertThat(rs.totalSessions()).isGreaterThanOrEqualTo(5);
            assertThat(rs.bytesOut()).isPositive();
            assertThat(rs.statusText()).isEqualTo("UP");
        });
    }

    @Test
    void aRuntimeChangeOfAnUnknownRealServerSaysWhichItLookedFor() {
        RealServerRef unknown = new RealServerRef("web", "127.0.122.99", 80);

        assertThatThrownBy(() -> result(plane.setServerState(unknown, DataPlane.ServerState.MAINT)))
                .hasMessageContaining("the data plane serves no real server 127.0.122.99 port 80 in virtual service 'web'");
    }

    private String webJson() {
        return """
                {"name": "web", "address": "10.0.0.10", "port": %d, "protocol": "http",
                 "healthCheck": {"type": "http", "path": "/health", "intervalSeconds": 1, "retries": 2, "rise": 2},
                 "realServers": [{"address": "%s", "port": %d}, {"address": "%s", "port": %d}]}
                """.formatted(port, RS1, serverPort, RS2, serverPort);
    }

    private static VirtualService service(String json) {
        return SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, json);
    }

    /** Who answered {@code count} requests, each on a new connection. */
    private Map<String, Integer> answers(int count) throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < count; i++) {
            answers.merge(Http.get(OWN, port), 1, Integer::sum);
        }
        return answers;
    }

    private RealServerStats stats(RealServerRef ref) throws Exception {
        return result(plane.observe()).stream().flatMap(s -> s.realServers().stream())
                .filter(rs -> rs.ref().equals(ref)).findFirst().orElseThrow();
    }

    private RealServerStats awaitStatus(RealServerRef ref, ServerStatus status) {
        return await().atMost(PATIENCE).until(() -> stats(ref), rs -> rs.status() == status);
    }
}
