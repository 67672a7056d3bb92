package io.hapair.node.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HaproxyOutputTest {

    private static final String LOADED = "[NOTICE]   (26654) : Loading success.";

    @Test
    void aReloadsVerdictIsSeenEvenWhenTheFormerWorkerStoppingThousandsOfProxiesFollowsItBeforeTheWaiterRuns()
            throws Exception {
        HaproxyOutput output = new HaproxyOutput();
        try (HaproxyOutput.Expectation verdict = output.expect(l -> l.contains("Loading success."))) {
            output.add(LOADED);
            for (int i = 0; i < 5_000; i++) {
                output.add("[WARNING]  (26852) : Proxy vs-" + i + " stopped (cumulated conns: FE: 0, BE: 0).");
            }

            assertThat(verdict.await(Duration.ofMillis(100))).isEqualTo(LOADED);
        }
    }

    @Test
    void anExpectationSeesOnlyLinesWrittenAfterItWasTaken() throws Exception {
        HaproxyOutput output = new HaproxyOutput();
        output.add(LOADED);

        try (HaproxyOutput.Expectation verdict = output.expect(l -> l.contains("Loading success."))) {
            assertThat(verdict.await(Duration.ofMillis(50))).isNull();
            output.add("[NOTICE]   (26654) : Loading success.");
            assertThat(verdict.await(Duration.ofMillis(50))).isEqualTo(LOADED);
        }
    }
}
