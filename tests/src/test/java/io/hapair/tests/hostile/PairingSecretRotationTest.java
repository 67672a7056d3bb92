package io.hapair.tests.hostile;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.violating;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RawPeerClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's procedure for a new pairing secret without downtime, on a real pair under a 10 ms
 * poller: new secret plus {@code pairing-secret-previous} (the old one) on the standby, restart it,
 * switch over, the same on the other node, then the same restarts without the previous secret.
 * Exactly one node answers 200 at every poll; the only moments with two are the overlaps that a
 * switchover makes on purpose (the new active node answers 200 before the old one steps down).
 */
class PairingSecretRotationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(53, HanodeJar.launcherJvmOptions());

    private static final String NEW_SECRET = "rotated-pairing-secret-5f0c2a9e";

    /** From the start of a switchover until the pair has settled after it, in the poller's clock. */
    private record Handover(long fromNanos, long toNanos) {
        boolean covers(HealthPoller.Sample s) {
            return s.nanos() >= fromNanos && s.nanos() <= toNanos;
        }
    }

    private final List<Handover> handovers = new ArrayList<>();
    // As the fixture started them, with the old secret and no previous one.
    private final Map<String, NodeOptions> original = new HashMap<>();
    private NodePair pair;

    @Test
    void rotatingThePairingSecretOneNodeAtATimeKeepsExactlyOneNodeActive() throws IOException {
        // No preemption: under prefer-master a restarted master would take over by itself, an overlap of its own.
        pair = fixtures.pair("none", "--shutdown-drain", "1s");
        pair.nodes().forEach(n -> original.put(n.name(), n.options()));
        HaNodeProcess first = pair.awaitSettled(Patience.SETTLE);
        String firstName = first.name();
        String secondName = pair.other(first).name();
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            poller.awaitSamples(5);
            restartStandby(secondName, true);
            switchOverTo(secondName);
            restartStandby(firstName, true);
            restartStandby(firstName, false);
            switchOverTo(firstName);
            restartStandby(secondName, false);
            samples = poller.stop();
        }

        List<HealthPoller.Sample> none = violating(samples, HealthPoller.Sample::anyActive);
        assertThat(none).as("polls without a node answering 200: " + describe(none, samples)).isEmpty();
        List<HealthPoller.Sample> two = violating(samples, s -> activeNodes(s) <= 1 || handovers.stream()
                .anyMatch(h -> h.covers(s)));
        assertThat(two).as("polls with two nodes answering 200 outside a switchover: " + describe(two, samples)).isEmpty();
        for (HaNodeProcess node : pair.nodes()) {
            try (RawPeerClient partner = RawPeerClient.tls(pair.other(node).address(), node.address(),
                    node.options().peerPort())) {
                assertThat(partner.handshake(NodeOptions.SECRET).type()).as("the old secret at " + node.name()
                        + " once the rotation is done").isEqualTo("refused");
            }
        }
    }

    /**
     * SIGTERM to the standby node {@code name}, then starts it again with the new secret and, when
     * {@code keepOld}, the old one as {@code pairing-secret-previous}; waits until the pair settles
     * with the same node active as before.
     */
    private void restartStandby(String name, boolean keepOld) {
        HaNodeProcess node = byName(name);
        HaNodeProcess active = pair.other(node);
        assertThat(node.healthCode()).as(name + " is the standby before its restart").isEqualTo(503);
        node.sigterm();
        assertThat(node.awaitExit(Patience.EXIT)).as("exit code of " + name + " after SIGTERM").isZero();
        NodeOptions options = original.get(name).with("--pairing-secret", NEW_SECRET);
        if (keepOld) {
            options = options.with("--pairing-secret-previous", NodeOptions.SECRET);
        }
        pair = pair.with(fixtures.node(options));
        pair.awaitSettledWith(active, Patience.SETTLE);
    }

    private void switchOverTo(String name) {
        HaNodeProcess taking = byName(name);
        long from = System.nanoTime();
        HttpOnce.Answer answer = pair.other(taking).switchover();
        assertThat(answer.code()).as("switchover to " + name + ": " + answer.body()).isEqualTo(202);
        pair.awaitSettledWith(taking, Patience.SETTLE);
        handovers.add(new Handover(from, System.nanoTime()));
    }

    private HaNodeProcess byName(String name) {
        return pair.master().name().equals(name) ? pair.master() : pair.slave();
    }

    private static long activeNodes(HealthPoller.Sample s) {
        return Arrays.stream(s.codes()).filter(c -> c == 200).count();
    }
}
