package io.hapair.tests;

import static io.hapair.tests.fixture.HealthPoller.violating;
import static io.hapair.tests.fixture.HealthPoller.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pair under {@code switch-to-preferred: none}: whoever is active stays active; takeover only on failure. */
class NoPreemptionFailoverTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(2);
    static NodePair pair;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("none");
    }

    @BeforeEach
    void pairSettled() {
        pair.reset(null);
    }

    @Test
    void masterWinsTheTieWhenBothStartTogether() {
        // "Together" means within partner-dead-after of each other. A long dead-after makes that hold
        // even when one JVM starts seconds after the other on a busy host.
        NodePair fresh = fixtures.pair("none", "--partner-suspect-after", "10s", "--partner-dead-after", "20s");

        assertThat(fresh.master().healthCode()).isEqualTo(200);
        assertThat(fresh.slave().healthCode()).isEqualTo(503);
        assertThat(fresh.master().status().path("events").toString()).contains("the master wins the tie");
    }

    @ParameterizedTest(name = "{0} killed")
    @ValueSource(strings = {"master", "slave"})
    void survivorTakesOverAndTheRestartedNodeStaysStandby(String killed) {
        HaNodeProcess victim = pair.byMode(killed);
        HaNodeProcess survivor = pair.other(victim);
        pair.reset(victim);

        victim.kill9();
        await(survivor.name() + " answers 200").atMost(Patience.SETTLE).until(() -> survivor.healthCode() == 200);

        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(victim, survivor)) {
            victim.restart(Patience.START);
            pair.awaitSettledWith(survivor, Patience.SETTLE);
            // No preemption: once settled, the restarted node must stay standby.
            await(victim.name() + " stays standby").during(Patience.HOLD).atMost(Patience.SETTLE)
                    .until(() -> victim.healthCode() == 503);
            samples = poller.stop();
        }
        // [restarted node, survivor]: the restarted node never answers 200, the survivor always does.
        List<HealthPoller.Sample> wrong = violating(samples, s -> s.code(0) != 200 && s.code(1) == 200);
        assertThat(wrong).as(describe(wrong, samples)).isEmpty();
    }
}
