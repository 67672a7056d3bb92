package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node with HA off (ha-mode none) serves alone, and on SIGTERM answers 503 while it drains, then exits 0. */
class StandaloneShutdownTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(9);

    @Test
    void standaloneNodeAnswers503WhileDrainingAndExitsZero() {
        HaNodeProcess node = fixtures.node(NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--shutdown-drain", "2s"));
        await("alone answers 200").atMost(Patience.SETTLE).until(() -> node.healthCode() == 200);
        assertThat(node.health().body()).isEqualTo("Node is active");

        List<HealthPoller.Sample> samples;
        int exitCode;
        try (HealthPoller poller = HealthPoller.start(node)) {
            poller.awaitSamples(10);
            node.sigterm();
            exitCode = node.awaitExit(Patience.EXIT);
            samples = poller.stop();
        }
        int firstNot200 = samples.indexOf(samples.stream().filter(s -> s.code(0) != 200).findFirst().orElseThrow());
        List<HealthPoller.Sample> afterStop = samples.subList(firstNot200, samples.size());
        assertThat(afterStop).as("answered 503 while draining").anySatisfy(s -> assertThat(s.code(0)).isEqualTo(503));
        List<HealthPoller.Sample> servingAgain = HealthPoller.violating(afterStop, s -> s.code(0) != 200);
        assertThat(servingAgain).as("200 after it stopped answering 200: " + HealthPoller.describe(servingAgain, samples))
                .isEmpty();
        assertThat(exitCode).as("exit code after SIGTERM (the contract says 0)").isZero();
    }
}
