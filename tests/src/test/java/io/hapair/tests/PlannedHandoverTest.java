package io.hapair.tests;

import static io.hapair.tests.fixture.HealthPoller.allStandby;
import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.withoutActiveNode;
import static io.hapair.tests.fixture.HealthPoller.violating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Planned handovers (operator switchover, SIGTERM) overlap and never gap: a 10 ms poller of both
 * health-check ports must never see a moment in which no node answers 200.
 */
class PlannedHandoverTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(3);
    static NodePair pair;

    @BeforeAll
    static void startPair() {
        // The poller probes the stopping node, so it drains; one second keeps the tests short.
        pair = fixtures.pair("prefer-master", "--shutdown-drain", "1s");
    }

    @BeforeEach
    void masterActive() {
        pair.reset(pair.master());
    }

    @Test
    void switchoverToTheSlaveAndBackNeverLeavesBothNodesAt503() {
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            HttpOnce.Answer away = pair.master().switchover();
            assertThat(away.code()).as(away.body()).isEqualTo(202);
            assertThat(away.body()).contains("handing over to partner slave");
            pair.awaitSettledWith(pair.slave(), Patience.SETTLE);

            // After an operator switchover, prefer-master does not pull the traffic back by itself.
            await("master stays standby").during(Patience.HOLD).atMost(Patience.SETTLE)
                    .until(() -> pair.master().healthCode() == 503);
            assertThat(pair.master().status().path("display").asText()).isEqualTo("Master (Standby)");
            assertThat(pair.slave().status().path("display").asText()).isEqualTo("Slave (Active)");

            // Back again, this time asked of the standby master, which claims the active role.
            HttpOnce.Answer back = pair.master().switchover();
            assertThat(back.code()).as(back.body()).isEqualTo(202);
            assertThat(back.body()).contains("taking over from partner slave");
            pair.awaitSettledWith(pair.master(), Patience.SETTLE);
            samples = poller.stop();
        }
        assertThat(samples).as("the poller saw the slave active in between")
                .anySatisfy(s -> assertThat(s.codes()).containsExactly(503, 200));
        assertThat(allStandby(samples)).as(describe(allStandby(samples), samples)).isEmpty();
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
    }

    @Test
    void switchoverIsRefusedWhenThePartnerIsDown() {
        pair.slave().kill9();
        pair.awaitPartnerDeadAt(pair.master());

        HttpOnce.Answer answer = pair.master().switchover();

        assertThat(answer.code()).isEqualTo(409);
        assertThat(answer.body()).contains("partner is not reachable");
        assertThat(pair.master().healthCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "active {0}")
    @ValueSource(strings = {"master", "slave"})
    void sigtermOfTheActiveNodeHandsOverWithoutGapAndExitsZero(String activeName) {
        HaNodeProcess stopping = pair.byMode(activeName);
        HaNodeProcess taking = pair.other(stopping);
        pair.reset(stopping);

        List<HealthPoller.Sample> samples;
        int exitCode;
        try (HealthPoller poller = HealthPoller.start(stopping, taking)) {
            stopping.sigterm();
            exitCode = stopping.awaitExit(Patience.EXIT);
            samples = poller.stop();
        }
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
        assertThat(samples.get(samples.size() - 1).code(1)).isEqualTo(200);
        // Once the partner answered 200, the stopping node answered 503 while it drained, then exited.
        assertThat(samples).as("%s answered 503 while draining", stopping.name())
                .anySatisfy(s -> assertThat(s.codes()).containsExactly(503, 200));
        assertThat(stopping.logOfThisRun()).contains("draining");
        assertThat(exitCode).as("exit code of %s after SIGTERM (the contract says 0)", stopping.name()).isZero();
    }

    @Test
    void sigtermOfTheStandbyExitsWithoutDrainingWhileTheMasterKeepsAnswering() {
        List<HealthPoller.Sample> samples;
        int exitCode;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            pair.slave().sigterm();
            exitCode = pair.slave().awaitExit(Patience.EXIT);
            samples = poller.stop();
        }
        List<HealthPoller.Sample> masterNot200 = violating(samples, s -> s.code(0) == 200);
        assertThat(masterNot200).as(describe(masterNot200, samples)).isEmpty();
        assertThat(pair.slave().logOfThisRun()).doesNotContain("draining");
        assertThat(exitCode).as("exit code of the slave after SIGTERM (the contract says 0)").isZero();
    }
}
