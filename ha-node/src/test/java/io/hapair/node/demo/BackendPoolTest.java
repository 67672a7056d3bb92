package io.hapair.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendPoolTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * Feeds one backend a sequence of probe results, one a second, and compares the transitions
     * it caused with the expected ones, written as {@code up@2} for "went up on the 2nd result".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one 200 is not enough with threshold 2          | 2 | 200                         | ''
            up after exactly 2 consecutive 200s             | 2 | 200 200                     | up@2
            up after exactly 3 consecutive 200s             | 3 | 200 200 200                 | up@3
            two 200s are not enough with threshold 3        | 3 | 200 200                     | ''
            threshold 1 brings it up on the first 200       | 1 | 200                         | up@1
            staying up reports no further transition        | 2 | 200 200 200 200             | up@2
            503 takes an up backend down at once            | 2 | 200 200 503                 | up@2 down@3
            refused connection takes it down at once        | 2 | 200 200 refused             | up@2 down@3
            timeout takes it down at once                   | 2 | 200 200 timeout             | up@2 down@3
            broken connection takes it down at once         | 2 | 200 200 failed              | up@2 down@3
            204 is not 200 and takes it down                | 2 | 200 200 204                 | up@2 down@3
            redirect is not 200 and takes it down           | 2 | 200 200 301                 | up@2 down@3
            staying down reports no further transition      | 2 | 200 200 503 503 refused     | up@2 down@3
            non-200 in the middle resets the count          | 2 | 200 503 200                 | ''
            count restarts after a non-200                  | 2 | 200 503 200 200             | up@4
            timeout in the middle resets the count          | 3 | 200 200 timeout 200 200     | ''
            coming back needs the full threshold again      | 2 | 200 200 503 200             | up@2 down@3
            comes back after the full threshold             | 2 | 200 200 503 200 200         | up@2 down@3 up@5
            never answering 200 never brings it up          | 2 | 503 refused timeout 500     | ''
            """)
    void probeResultsDecideUpAndDown(String scenario, int threshold, String results, String expected) {
        BackendPool pool = new BackendPool(List.of("node-1"), threshold);
        List<String> seen = new ArrayList<>();
        String[] steps = results.split(" ");
        for (int i = 0; i < steps.length; i++) {
            int step = i + 1;
            Instant at = T0.plusSeconds(step);
            pool.record("node-1", parse(steps[i]), at).ifPresent(t -> {
                assertThat(t.at()).as("transition time").isEqualTo(at);
                seen.add((t.up() ? "up@" : "down@") + step);
            });
        }
        List<String> want = expected.isBlank() ? List.of() : Arrays.asList(expected.split(" "));
        assertThat(seen).as(scenario).isEqualTo(want);
        assertThat(pool.transitions()).extracting(t -> (t.up() ? "up@" : "down@") + Duration.between(T0, t.at()).toSeconds())
                .isEqualTo(want);
        boolean upAtEnd = !want.isEmpty() && want.get(want.size() - 1).startsWith("up");
        assertThat(pool.isUp("node-1")).isEqualTo(upAtEnd);
        assertThat(pool.upBackends()).isEqualTo(upAtEnd ? List.of("node-1") : List.of());
    }

    @Test
    void backendsStartDown() {
        BackendPool pool = new BackendPool(List.of("node-1", "node-2"), 2);

        assertThat(pool.upBackends()).isEmpty();
        assertThat(pool.isUp("node-1")).isFalse();
        assertThat(pool.isUp("node-2")).isFalse();
        assertThat(pool.transitions()).isEmpty();
    }

    @Test
    void transitionsSayWhy() {
        BackendPool pool = new BackendPool(List.of("node-1"), 2);
        pool.record("node-1", ProbeResult.answered(200), T0);
        BackendTransition up = pool.record("node-1", ProbeResult.answered(200), T0).orElseThrow();
        BackendTransition down = pool.record("node-1", ProbeResult.answered(503), T0).orElseThrow();

        assertThat(up.describe()).isEqualTo("node-1 up (2 consecutive 200s)");
        assertThat(down.describe()).isEqualTo("node-1 down (answered 503)");
        assertThat(ProbeResult.refused().describe()).isEqualTo("connection refused");
        assertThat(ProbeResult.timedOut().describe()).isEqualTo("timed out");
    }

    @Test
    void noBackendForNewFlowsWhenNoneIsUp() {
        BackendPool pool = new BackendPool(List.of("node-1", "node-2"), 1);
        pool.record("node-1", ProbeResult.answered(200), T0);
        pool.record("node-1", ProbeResult.answered(503), T0);

        assertThat(pool.choose(flowFromPort(40000))).isEmpty();
    }

    @Test
    void allFlowsGoToTheOnlyUpBackend() {
        BackendPool pool = poolWithUp(List.of("node-1", "node-2", "node-3"), "node-2");

        for (int port = 40000; port < 40200; port++) {
            assertThat(pool.choose(flowFromPort(port))).contains("node-2");
        }
    }

    @Test
    void sameFlowAlwaysGoesToTheSameBackend() {
        BackendPool pool = poolWithUp(List.of("node-1", "node-2", "node-3"), "node-1", "node-2", "node-3");
        BackendPool twin = poolWithUp(List.of("node-1", "node-2", "node-3"), "node-1", "node-2", "node-3");

        for (int port = 40000; port < 40100; port++) {
            Optional<String> first = pool.choose(flowFromPort(port));
            assertThat(pool.choose(flowFromPort(port))).isEqualTo(first);
            assertThat(twin.choose(flowFromPort(port))).as("another pool in the same state").isEqualTo(first);
        }
    }

    @Test
    void flowsSpreadEvenlyAcrossUpBackendsOnly() {
        BackendPool pool = poolWithUp(List.of("node-1", "node-2", "node-3"), "node-1", "node-3");
        Map<String, Integer> counts = new HashMap<>();

        for (int port = 40000; port < 41000; port++) {
            counts.merge(pool.choose(flowFromPort(port)).orElseThrow(), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys("node-1", "node-3");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(400, 600));
    }

    @Test
    void differentSourceAddressesSpreadToo() {
        BackendPool pool = poolWithUp(List.of("node-1", "node-2"), "node-1", "node-2");
        Map<String, Integer> counts = new HashMap<>();

        for (int last = 1; last < 255; last++) {
            Flow flow = new Flow("10.0.0." + last, 50000, "127.0.0.10", 8444);
            counts.merge(pool.choose(flow).orElseThrow(), 1, Integer::sum);
        }

        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(80, 174));
    }

    @Test
    void historyKeepsOnlyTheMostRecentTransitions() {
        BackendPool pool = new BackendPool(List.of("node-1"), 1);
        for (int i = 0; i < BackendPool.TRANSITION_HISTORY; i++) {
            pool.record("node-1", ProbeResult.answered(200), T0.plusSeconds(2L * i));
            pool.record("node-1", ProbeResult.refused(), T0.plusSeconds(2L * i + 1));
        }

        List<BackendTransition> history = pool.transitions();

        assertThat(history).hasSize(BackendPool.TRANSITION_HISTORY);
        assertThat(history.get(history.size() - 1).at()).isEqualTo(T0.plus(Duration.ofSeconds(199)));
        assertThat(history.get(0).at()).isEqualTo(T0.plus(Duration.ofSeconds(100)));
    }

    @Test
    void rejectsUnknownBackendsDuplicateNamesAndZeroThreshold() {
        BackendPool pool = new BackendPool(List.of("node-1"), 2);

        assertThatThrownBy(() -> pool.record("node-9", ProbeResult.answered(200), T0))
                .hasMessageContaining("unknown backend node-9");
        assertThatThrownBy(() -> new BackendPool(List.of("node-1", "node-1"), 2))
                .hasMessageContaining("node-1 appears twice");
        assertThatThrownBy(() -> new BackendPool(List.of("node-1"), 0))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new BackendPool(List.of(), 2))
                .hasMessageContaining("at least one backend");
    }

    @Test
    void probeResultsCarryAStatusOnlyWhenAnswered() {
        assertThatThrownBy(() -> ProbeResult.answered(0)).hasMessageContaining("needs an HTTP status");
        assertThatThrownBy(() -> new ProbeResult(ProbeResult.Kind.REFUSED, 200))
                .hasMessageContaining("carries no HTTP status");
    }

    private static ProbeResult parse(String token) {
        return switch (token) {
            case "refused" -> ProbeResult.refused();
            case "timeout" -> ProbeResult.timedOut();
            case "failed" -> ProbeResult.failed();
            default -> ProbeResult.answered(Integer.parseInt(token));
        };
    }

    private static Flow flowFromPort(int sourcePort) {
        return new Flow("127.0.0.99", sourcePort, "127.0.0.10", 8444);
    }

    private static BackendPool poolWithUp(List<String> names, String... up) {
        BackendPool pool = new BackendPool(names, 1);
        for (String name : up) {
            pool.record(name, ProbeResult.answered(200), T0);
        }
        return pool;
    }
}
