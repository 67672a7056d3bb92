package io.hapair.tests.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HealthPoller.Sample;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both nodes of a pair starting at about the same time, as after a power cut or a redeployment of both
 * VMs, each in its own network namespace and probed from the root namespace as the balancer probes them:
 * they must never answer 200 at the same time; and a node whose partner is not running must still start
 * serving. The default policy, prefer-master, so each start ends with the master active. A few skews
 * here; the benchmark runs 50 random ones.
 */
@Tag(NodeNamespaces.TAG)
class ColdStartAcrossNamespacesTest {

    private static final int NUMBER = 65;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(NUMBER);

    private static NodePair pair;

    @BeforeAll
    static void startPair() {
        // Tracked before the nodes, so it is removed after they are killed.
        NodeNamespaces net = fixtures.track(NodeNamespaces.create(NUMBER));
        pair = fixtures.pairOf("prefer-master", net.master("prefer-master"), net.slave("prefer-master"));
    }

    @ParameterizedTest(name = "{1} first, its partner {0} ms later")
    @CsvSource({"0, master", "1500, slave", "3000, slave"})
    void bothNodesNeverAnswer200AtOnceWhenTheyStartTogether(int skewMillis, String firstMode) throws InterruptedException {
        pair.nodes().forEach(HaNodeProcess::kill9);
        HaNodeProcess first = pair.byMode(firstMode);
        HaNodeProcess second = pair.other(first);

        List<Sample> seen;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            first.start();
            Thread.sleep(skewMillis);
            second.start();
            first.awaitStarted(Patience.START);
            second.awaitStarted(Patience.START);
            pair.awaitSettledWith(pair.master(), Patience.SETTLE);
            seen = poller.stop();
        }

        List<Sample> both = HealthPoller.violating(seen, s -> !s.all(200));
        assertThat(both).as("probes of [master, slave] that both answered 200 (%.0f ms in all): %s",
                HealthPoller.millisWhere(seen, s -> s.all(200)), HealthPoller.describe(both, seen)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"master", "slave"})
    void aNodeWhosePartnerIsNotRunningStartsServing(String mode) {
        pair.nodes().forEach(HaNodeProcess::kill9);
        HaNodeProcess alone = pair.byMode(mode);

        alone.restart(Patience.START);

        await(alone.name() + " answers 200 with its partner not running").atMost(Patience.SETTLE)
                .until(() -> alone.healthCode() == 200);
    }
}
