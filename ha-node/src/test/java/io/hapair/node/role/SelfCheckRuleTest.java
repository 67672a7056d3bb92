package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The self-detector's rule: the node that lost reachability targets while its partner lost none is the worse choice. */
class SelfCheckRuleTest {

    private static final long SETTLE = 3_000;

    private static RoleEvent.SelfCheckChanged lost(int lost) {
        return new RoleEvent.SelfCheckChanged(lost, 3, lost == 0 ? "" : "tcp:192.0.2.1:80 (connection refused)");
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void activeNodeThatLosesTargetsWhileItsPartnerLostNoneHandsOverWithoutGap(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().withBalancer(1_000).run(SETTLE);
        pair.resetCounters();

        pair.master.send(lost(1));
        pair.run(SETTLE);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.SELF_CHECK_LOST);
        assertThat(pair.slave.reasons).last().isEqualTo(TransitionReason.PARTNER_SELF_CHECK_LOST);
        assertThat(pair.slave.status().partner().lostTargets()).isEqualTo(1);
    }

    @Test
    void standbyNodeWhosePartnerLostTargetsTakesOverEvenAgainstPreferMaster() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        pair.master.send(lost(2));
        pair.run(SETTLE * 2);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
    }

    @Test
    void bothNodesLosingTargetsChangesNothing() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        pair.slave.send(lost(1));
        pair.master.send(lost(2));
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.master.transitions).hasSize(1);
    }

    @Test
    void standbyNodeThatLostTargetsStaysStandby() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);

        pair.slave.send(lost(1));
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
    }

    @Test
    void masterWhoseTargetsAnswerAgainTakesBackUnderPreferMasterButNotUnderNone() {
        for (PreferredServer preferred : PreferredServer.values()) {
            SimulatedPair pair = new SimulatedPair(preferred).startBoth().withBalancer(1_000).run(SETTLE);
            pair.master.send(lost(1));
            pair.run(SETTLE);
            pair.resetCounters();

            pair.master.send(lost(0));
            pair.run(SETTLE);

            assertThat(pair.master.active()).as(preferred.key()).isEqualTo(preferred == PreferredServer.PREFER_MASTER);
            assertThat(pair.slave.active()).as(preferred.key()).isEqualTo(preferred == PreferredServer.NONE);
            assertThat(pair.gapMillis).as(preferred.key()).isZero();
        }
    }

    @Test
    void ownHealthWeighsMoreThanTheSelfCheck() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        pair.slave.send(lost(1));
        pair.master.send(new RoleEvent.HealthChanged(false, "data directory not writable"));
        pair.run(SETTLE);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
    }

    @Test
    void aChangedCountGoesToTheEventLogAndTheStatusOnceAndASameCountAgainDoesNot() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        Decision first = pair.master.send(lost(1));
        Decision again = pair.master.send(lost(1));

        assertThat(first.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("self-check");
            assertThat(n.message()).contains("lost 1 of 3").contains("tcp:192.0.2.1:80");
        });
        assertThat(again.notes()).isEmpty();
        assertThat(pair.master.status().lostTargets()).isEqualTo(1);
    }
}
