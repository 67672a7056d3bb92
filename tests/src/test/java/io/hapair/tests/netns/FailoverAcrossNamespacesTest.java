package io.hapair.tests.netns;

import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HealthPoller.Sample;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pair whose nodes run in network namespaces of their own, probed from the root namespace as the cloud
 * balancer probes them, through the failures a pair must survive: the active node's process killed, the
 * active node frozen (SIGSTOP: a host freeze or a long pause) and woken again, 30% packet loss between the
 * nodes, and a cut peer link. No preemption (switch-to-preferred none): whichever node took over stays
 * active, and each test starts from the settled pair the last one left, whichever node is active.
 */
@Tag(NodeNamespaces.TAG)
class FailoverAcrossNamespacesTest {

    private static final int NUMBER = 64;
    private static final int LOSS_PERCENT = 30;
    // Long enough that today's TCP heartbeats lose several in a row now and then at 30% loss (the issue saw
    // 6 takeovers in 120 s), short enough for the test run; the benchmark watches for 10 minutes.
    private static final Duration LOSSY_WINDOW = Duration.ofSeconds(30);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(NUMBER);

    private static NodeNamespaces net;
    private static NodePair pair;

    @BeforeAll
    static void startPair() {
        // Tracked before the nodes, so it is removed after they are killed.
        net = fixtures.track(NodeNamespaces.create(NUMBER));
        pair = fixtures.pairOf("none", net.master("none"), net.slave("none"));
    }

    @BeforeEach
    void settledPair() {
        net.restoreBetweenHosts();
        pair.reset(null);
    }

    @AfterEach
    void thawNodes() {
        // A test that failed while a node was frozen must not leave it frozen for the next one.
        Signals.thaw(pair.nodes().stream().filter(HaNodeProcess::alive).map(HaNodeProcess::pid).toList());
    }

    @Test
    void partnerAnswers200AfterTheActiveNodesProcessIsKilled() {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        HaNodeProcess partner = pair.other(active);

        active.kill9();

        await(partner.name() + " answers 200 after kill -9 of " + active.name()).atMost(Patience.SETTLE)
                .until(() -> partner.healthCode() == 200);
    }

    @Test
    void partnerTakesOverFromAFrozenActiveNode() {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        HaNodeProcess partner = pair.other(active);

        Signals.freeze(List.of(active.pid()));

        await(partner.name() + " answers 200 while " + active.name() + " is frozen").atMost(Patience.SETTLE)
                .until(() -> partner.healthCode() == 200);
    }

    /**
     * A node that wakes to find its partner took over must step down without answering 200 even once:
     * every 200 it gives is a probe that sends the balancer's traffic to a node that is no longer in charge.
     * The probe the balancer sent while it was frozen is answered as it wakes, so that one counts too.
     */
    @Test
    void aWokenNodeStepsDownWithoutAnswering200() {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        HaNodeProcess partner = pair.other(active);
        Signals.freeze(List.of(active.pid()));
        await(partner.name() + " answers 200 while " + active.name() + " is frozen").atMost(Patience.SETTLE)
                .until(() -> partner.healthCode() == 200);

        List<Sample> woken;
        List<Sample> survivor;
        HaNodeProcess settledActive;
        // One poller each: a probe of the frozen node blocks until it wakes, and must not hold up the other's.
        try (HealthPoller wokenPoller = HealthPoller.start(active); HealthPoller partnerPoller = HealthPoller.start(partner)) {
            partnerPoller.awaitSamples(5);
            Signals.thaw(List.of(active.pid()));
            settledActive = pair.awaitSettled(Patience.SETTLE);
            woken = wokenPoller.stop();
            survivor = partnerPoller.stop();
        }

        assertSoftly(soft -> {
            soft.assertThat(settledActive).as("the active node once the pair settled after %s woke", active.name())
                    .isSameAs(partner);
            soft.assertThat(HealthPoller.violating(woken, s -> s.code(0) != 200))
                    .as("%s's answers after waking that were 200: %s", active.name(),
                            HealthPoller.describe(HealthPoller.violating(woken, s -> s.code(0) != 200), woken))
                    .isEmpty();
            soft.assertThat(HealthPoller.violating(survivor, s -> s.code(0) == 200))
                    .as("%s's answers other than 200 while %s woke: %s", partner.name(), active.name(),
                            HealthPoller.describe(HealthPoller.violating(survivor, s -> s.code(0) == 200), survivor))
                    .isEmpty();
        });
    }

    @Test
    void thirtyPercentLossBetweenTheNodesCausesNoTakeover() throws InterruptedException {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        HaNodeProcess standby = pair.other(active);
        long activeTransitions = Transitions.total(active);
        long standbyTransitions = Transitions.total(standby);

        List<Sample> seen;
        try (HealthPoller poller = HealthPoller.start(active, standby)) {
            net.dropBetweenHosts(LOSS_PERCENT);
            Thread.sleep(LOSSY_WINDOW.toMillis());
            net.restoreBetweenHosts();
            seen = poller.stop();
        }

        List<Sample> notAsBefore = HealthPoller.violating(seen, s -> s.code(0) == 200 && s.code(1) == 503);
        assertSoftly(soft -> {
            soft.assertThat(Transitions.total(standby) - standbyTransitions)
                    .as("transitions of %s (standby) during %d s at %d%% loss", standby.name(), LOSSY_WINDOW.toSeconds(),
                            LOSS_PERCENT).isZero();
            soft.assertThat(Transitions.total(active) - activeTransitions)
                    .as("transitions of %s (active) during %d s at %d%% loss", active.name(), LOSSY_WINDOW.toSeconds(),
                            LOSS_PERCENT).isZero();
            soft.assertThat(notAsBefore).as("probes of [%s, %s] other than [200, 503]: %s", active.name(), standby.name(),
                    HealthPoller.describe(notAsBefore, seen)).isEmpty();
        });
    }

    /**
     * Two nodes alone cannot tell a dead partner from a cut peer link: each takes the other for dead and
     * answers 200, and the balancer sends traffic to both until the link is back and one steps down. That is
     * the behaviour without a witness (README, How it works: after a partition heals, they settle on one).
     */
    @Test
    void withoutAWitnessBothNodesAnswer200WhileThePeerLinkIsCut() {
        HaNodeProcess active = pair.awaitSettled(Patience.SETTLE);
        HaNodeProcess standby = pair.other(active);

        net.cutBetweenHosts();
        await("both nodes answer 200 while the peer link is cut").atMost(Patience.SETTLE)
                .until(() -> standby.healthCode() == 200 && active.healthCode() == 200);
        net.restoreBetweenHosts();

        // Once the nodes hear each other again, one of them steps down.
        pair.awaitSettled(Patience.SETTLE);
    }
}
