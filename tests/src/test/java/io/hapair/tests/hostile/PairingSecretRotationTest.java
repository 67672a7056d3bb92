package io.hapair.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RawPeerClient;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's procedure for a new pairing secret without downtime, on a real pair under a 10 ms
 * poller: new secret plus {@code pairing-secret-previous} (the old one) on the standby, restart it,
 * switch over, the same on the other node, then the same restarts without the previous secret.
 * Exactly one node answers 200 at every poll, but for a switchover's overlap ({@link RollingChange}),
 * and the old secret is refused at the end.
 */
class PairingSecretRotationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(53, HanodeJar.launcherJvmOptions());

    private static final String NEW_SECRET = "rotated-pairing-secret-5f0c2a9e";
    private static final UnaryOperator<NodeOptions> NEW_KEEPING_OLD = o -> o.with("--pairing-secret", NEW_SECRET,
            "--pairing-secret-previous", NodeOptions.SECRET);
    private static final UnaryOperator<NodeOptions> NEW_ONLY = o -> o.without("--pairing-secret-previous")
            .with("--pairing-secret", NEW_SECRET);

    @Test
    void rotatingThePairingSecretOneNodeAtATimeKeepsExactlyOneNodeActive() throws IOException {
        // No preemption: under prefer-master a restarted master would take over by itself, an overlap of its own.
        RollingChange change = new RollingChange(fixtures, fixtures.pair("none", "--shutdown-drain", "1s"));
        String first = change.pair().awaitSettled(Patience.SETTLE).name();
        String second = change.pair().other(change.byName(first)).name();
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(change.pair().master(), change.pair().slave())) {
            poller.awaitSamples(5);
            change.restartStandby(second, NEW_KEEPING_OLD);
            change.switchOverTo(second);
            change.restartStandby(first, NEW_KEEPING_OLD);
            change.restartStandby(first, NEW_ONLY);
            change.switchOverTo(first);
            change.restartStandby(second, NEW_ONLY);
            samples = poller.stop();
        }

        change.assertOneNodeActive(samples);
        NodePair pair = change.pair();
        for (HaNodeProcess node : pair.nodes()) {
            try (RawPeerClient partner = RawPeerClient.tls(pair.other(node).address(), node.address(),
                    node.options().peerPort())) {
                assertThat(partner.handshake(NodeOptions.SECRET).type()).as("the old secret at " + node.name()
                        + " once the rotation is done").isEqualTo("refused");
            }
        }
    }
}
