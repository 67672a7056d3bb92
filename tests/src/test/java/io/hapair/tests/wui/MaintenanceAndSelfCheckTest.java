package io.hapair.tests.wui;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.withoutActiveNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.EchoServer;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Maintenance mode and the self-detector on a real pair. Each node checks one TCP target from its own address
 * (an echo server of the test per node), so the test can take one node's target away. One pair for the class:
 * each test leaves it settled with the master active.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceAndSelfCheckTest {

    private static final int TARGET_PORT = 9181;
    private static final String OFF = "{\"enabled\": false}";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(181);
    static NodePair pair;
    static String masterTarget;
    static EchoServer masterUpstream;

    @BeforeAll
    static void startPair() {
        masterTarget = fixtures.nextAddress();
        String slaveTarget = fixtures.nextAddress();
        masterUpstream = EchoServer.start(masterTarget, TARGET_PORT);
        fixtures.track(EchoServer.start(slaveTarget, TARGET_PORT));
        NodeOptions master = fixtures.masterOptions("prefer-master", selfCheck(masterTarget));
        NodeOptions slave = fixtures.slaveOptions("prefer-master", selfCheck(slaveTarget));
        pair = fixtures.pairOf("prefer-master", master, slave);
    }

    private static String[] selfCheck(String target) {
        return new String[] {"--self-check", "tcp:" + target + ":" + TARGET_PORT, "--self-check-interval", "500ms",
                "--self-check-timeout", "300ms"};
    }

    @Test
    @Order(1)
    void maintenanceHandsOverWithoutGapSurvivesARestartAndThePartnersDeathAndLeavingGivesTheTrafficBack() {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(master, slave)) {
            HanodeJar.Result on = HanodeJar.run(new ArrayList<>(List.of("maintenance", "on", "--insecure", "--url",
                    "https://" + master.address() + ":" + master.options().apiPort(), "--password",
                    NodeOptions.PASSWORD)), Map.of(), Duration.ofSeconds(90));
            assertThat(on.exitCode()).as(on.toString()).isZero();
            assertThat(on.stdout()).contains("in maintenance: handing over to partner slave first");
            // Only the poller probes meanwhile: the slave's first 200s are the ones the master waits for.
            await("slave active, master 503").atMost(Patience.SETTLE).until(() -> poller.samples().stream()
                    .reduce((first, second) -> second).filter(last -> last.code(0) == 503 && last.code(1) == 200)
                    .isPresent());
            samples = poller.stop();
        }
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
        assertThat(samples).as("both answered 200 for a moment: the handover overlapped")
                .anySatisfy(s -> assertThat(s.codes()).containsExactly(200, 200));
        JsonNode status = master.status();
        assertThat(status.path("display").asText()).isEqualTo("Master (Maintenance)");
        assertThat(status.path("maintenance").asBoolean()).isTrue();
        assertThat(slave.status().path("partner").path("maintenance").asBoolean()).isTrue();
        assertThat(master.api("GET", "/metrics").body()).contains("hanode_maintenance 1.0");
        assertThat(status.path("events").findValuesAsText("kind")).contains("maintenance");

        // Settings still sync: a write on the active slave reaches the master in maintenance.
        HttpOnce.Answer written = slave.api("POST", "/api/v1/geo-remote-access", "{\"address\":\"10.18.1.1\"}", null);
        assertThat(written.code()).as(written.body()).isEqualTo(201);
        await("the write reached the master").atMost(Patience.SETTLE)
                .until(() -> master.api("GET", "/api/v1/geo-remote-access/10.18.1.1").code() == 200);

        // A restart keeps the maintenance: the master starts, hears the active slave and stays at 503.
        master.sigterm();
        assertThat(master.awaitExit(Patience.EXIT)).isZero();
        master.restart(Patience.START);
        await("restarted master hears the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.status().path("settled").asBoolean());
        assertThat(master.status().path("display").asText()).isEqualTo("Master (Maintenance)");
        assertThat(master.apiJson("/api/v1/maintenance").path("by").asText()).startsWith("bal@");

        // Not even the partner's death brings it back.
        slave.kill9();
        pair.awaitPartnerDeadAt(master);
        await("master stays 503 with its partner dead").during(Patience.HOLD).atMost(Patience.SETTLE)
                .until(() -> master.healthCode() == 503);
        pair.startMissing();
        await("returning slave takes over from the master in maintenance").atMost(Patience.SETTLE)
                .ignoreExceptions().until(() -> slave.healthCode() == 200);

        // Leaving: prefer-master gives the traffic back, with overlap.
        try (HealthPoller poller = HealthPoller.start(master, slave)) {
            HttpOnce.Answer off = master.api("PUT", "/api/v1/maintenance", OFF, null);
            assertThat(off.code()).as(off.body()).isEqualTo(200);
            pair.awaitSettledWith(master, Patience.SETTLE);
            samples = poller.stop();
        }
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
        assertThat(master.apiJson("/api/v1/maintenance").path("enabled").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void aMasterWhoseSelfCheckTargetStopsAnsweringHandsOverAndTakesBackWhenItAnswersAgain() throws IOException {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(master, slave)) {
            masterUpstream.close();
            await("slave takes over from the master that lost its target").atMost(Patience.SETTLE)
                    .ignoreExceptions().until(() -> slave.healthCode() == 200 && master.healthCode() == 503);
            JsonNode status = master.status();
            assertThat(status.path("lostTargets").asInt()).isEqualTo(1);
            assertThat(status.path("selfCheck").path("targets").get(0).path("lastResult").asText())
                    .containsIgnoringCase("refused");
            assertThat(slave.status().path("partner").path("lostTargets").asInt()).isEqualTo(1);
            assertThat(status.path("events").findValuesAsText("reason")).contains("self-check-lost");
            assertThat(master.api("GET", "/metrics").body()).contains("hanode_self_check_targets_lost 1.0");

            masterUpstream = EchoServer.start(masterTarget, TARGET_PORT);
            pair.awaitSettledWith(master, Patience.SETTLE);
            samples = poller.stop();
        }
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
        assertThat(master.status().path("lostTargets").asInt()).isZero();
    }

    @Test
    @Order(3)
    void theHomePagesMaintenanceButtonPutsTheNodeInMaintenanceAndTheTopBarSaysSo() throws Exception {
        HaNodeProcess master = pair.master();
        try (Browser browser = new Browser()) {
            browser.logIn("https://" + master.address() + ":" + master.options().apiPort() + "/ui/login.html",
                    master.options().password());
            browser.waitForText(By.id("maintenance-toggle"), "Enter maintenance", Duration.ofSeconds(15));
            browser.driver.findElement(By.id("maintenance-toggle")).click();
            browser.acceptConfirm();
            browser.waitForText(By.id("top-state"), "Master (Maintenance)", Duration.ofSeconds(30));
            assertThat(browser.driver.findElement(By.id("top-state")).getAttribute("data-activity"))
                    .isEqualTo("maintenance");
            browser.waitForText(By.id("maintenance-toggle"), "Leave maintenance", Duration.ofSeconds(15));
            browser.screenshot("home-maintenance");

            browser.driver.findElement(By.id("maintenance-toggle")).click();
            browser.acceptConfirm();
            browser.waitForText(By.id("maintenance-toggle"), "Enter maintenance", Duration.ofSeconds(15));
        } finally {
            if (master.apiJson("/api/v1/maintenance").path("enabled").asBoolean()) {
                master.api("PUT", "/api/v1/maintenance", OFF, null);
            }
        }
        pair.awaitSettledWith(master, Patience.SETTLE);
    }

    @AfterAll
    static void stopUpstream() throws IOException {
        masterUpstream.close();
    }
}
