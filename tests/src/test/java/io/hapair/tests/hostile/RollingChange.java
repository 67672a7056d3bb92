package io.hapair.tests.hostile;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.violating;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A change made one node at a time, as the README's procedures do: restart the standby with new
 * options, switch over, and so on. Remembers each switchover so that {@link #assertOneNodeActive}
 * allows two nodes at 200 only during the overlap a switchover makes on purpose (the new active node
 * answers 200 before the old one steps down).
 */
final class RollingChange {

    private record Handover(long fromNanos, long toNanos) {
        boolean covers(HealthPoller.Sample s) {
            return s.nanos() >= fromNanos && s.nanos() <= toNanos;
        }
    }

    private final Fixtures fixtures;
    private final List<Handover> handovers = new ArrayList<>();
    private NodePair pair;

    RollingChange(Fixtures fixtures, NodePair pair) {
        this.fixtures = fixtures;
        this.pair = pair;
    }

    NodePair pair() {
        return pair;
    }

    HaNodeProcess byName(String name) {
        return pair.master().name().equals(name) ? pair.master() : pair.slave();
    }

    /**
     * SIGTERM to the standby node {@code name}, then starts it again with {@code change} applied to the
     * options it last ran with; waits until the pair settles with the same node active as before.
     */
    void restartStandby(String name, UnaryOperator<NodeOptions> change) {
        HaNodeProcess node = byName(name);
        HaNodeProcess active = pair.other(node);
        assertThat(node.healthCode()).as(name + " is the standby before its restart").isEqualTo(503);
        node.sigterm();
        assertThat(node.awaitExit(Patience.EXIT)).as("exit code of " + name + " after SIGTERM").isZero();
        pair = pair.with(fixtures.node(change.apply(node.options())));
        pair.awaitSettledWith(active, Patience.SETTLE);
    }

    void switchOverTo(String name) {
        HaNodeProcess taking = byName(name);
        long from = System.nanoTime();
        HttpOnce.Answer answer = pair.other(taking).switchover();
        assertThat(answer.code()).as("switchover to " + name + ": " + answer.body()).isEqualTo(202);
        pair.awaitSettledWith(taking, Patience.SETTLE);
        handovers.add(new Handover(from, System.nanoTime()));
    }

    /** At every poll a node answered 200, and two only during a switchover's overlap. */
    void assertOneNodeActive(List<HealthPoller.Sample> samples) {
        List<HealthPoller.Sample> none = violating(samples, HealthPoller.Sample::anyActive);
        assertThat(none).as("polls without a node answering 200: " + describe(none, samples)).isEmpty();
        List<HealthPoller.Sample> two = violating(samples, s -> activeNodes(s) <= 1 || handovers.stream()
                .anyMatch(h -> h.covers(s)));
        assertThat(two).as("polls with two nodes answering 200 outside a switchover: " + describe(two, samples)).isEmpty();
    }

    private static long activeNodes(HealthPoller.Sample s) {
        return Arrays.stream(s.codes()).filter(c -> c == 200).count();
    }
}
