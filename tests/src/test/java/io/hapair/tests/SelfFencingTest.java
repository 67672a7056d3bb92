package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node stalled while active (here SIGSTOP, as a long GC pause or a swapped-out process would stall it)
 * is taken over by its partner; when it runs again it must not answer 200 even for a moment, and it
 * stays standby.
 */
class SelfFencingTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(113);

    private static final Duration STOPPED_FOR = Duration.ofSeconds(3);

    @Test
    void activeNodeStoppedUntilItsPartnerTookOverNeverAnswers200AfterItWakesAndStaysStandby() throws Exception {
        // No preemption: the woken node stays standby (under prefer-master a woken master takes the
        // traffic back afterwards, with overlap, as any returning master does).
        NodePair pair = fixtures.pair("none");
        pair.reset(pair.master());
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();

        long stoppedAt = System.nanoTime();
        signal(master, "STOP");
        await("slave takes over from the stopped master").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> slave.healthCode() == 200);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, STOPPED_FOR.toNanos() - (System.nanoTime() - stoppedAt)));

        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(master)) {
            signal(master, "CONT");
            await("woken master standby, slave active").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> pair.settledWith(slave));
            await("woken master stays standby").during(Patience.HOLD).atMost(Patience.SETTLE)
                    .until(() -> master.healthCode() == 503);
            samples = poller.stop();
        }

        assertThat(samples).as("the woken master's answers from SIGCONT on").isNotEmpty()
                .noneMatch(s -> s.code(0) == 200);
        assertThat(pair.settledWith(slave)).as(pair.describe()).isTrue();
        assertThat(master.status().path("events").toString()).contains("local stall of")
                .contains("woke from a local stall to find partner slave active");
    }

    private static void signal(HaNodeProcess node, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + node.pid()).isZero();
    }
}
