package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The role machines of a pair over an in-memory network with the default timings: what loss,
 * reordering, partitions and deaths do to who answers 200. Simulated time, fixed seeds.
 */
class RoleOverMemoryNetworkTest {

    private static final long SETTLE = 3_000;
    private static final long TEN_MINUTES = 600_000;

    private static NetworkedPair settled(long seed) {
        NetworkedPair pair = new NetworkedPair(seed, PreferredServer.PREFER_MASTER).withBalancer(500).startBoth()
                .run(SETTLE);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        pair.resetCounters();
        return pair;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void thirtyPercentHeartbeatLossForTenMinutesCausesNoTakeover(long seed) {
        NetworkedPair pair = settled(seed);
        pair.network.loss(0.3);

        pair.run(TEN_MINUTES);

        assertThat(pair.slave.transitions).isEmpty();
        assertThat(pair.master.transitions).hasSize(1);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.overlapMillis).isZero();
        assertThat(pair.slave.status().partnerLiveness()).isNotEqualTo(PartnerLiveness.DEAD);
    }

    @Test
    void lossDuplicationReorderingAndAPeerLinkResetEveryFewSecondsTogetherCauseNoTakeover() {
        NetworkedPair pair = settled(4);
        pair.network.loss(0.3).duplicate(0.3).delay(1, 120);

        for (int i = 0; i < 100; i++) {
            pair.network.resetConnection("connection reset by a middlebox");
            pair.run(3_000);
        }

        assertThat(pair.slave.transitions).isEmpty();
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.notes).as("the TLS link lost again and again").anyMatch(n -> n.contains("peer link"));
    }

    @Test
    void partitionLeavesBothActiveAndHealingSettlesOnTheMasterWithoutAGap() {
        NetworkedPair pair = settled(5);

        pair.network.partition(true);
        long takeover = pair.runUntilActive(pair.slave, 5_000);
        assertThat(takeover).as("a cut link looks like a silent death").isBetween(
                NetworkedPair.DEFAULTS.deadAfter().toMillis() - NetworkedPair.DEFAULTS.heartbeatInterval().toMillis(),
                1_000L);
        assertThat(pair.slave.reasons).containsExactly(TransitionReason.PARTNER_DEAD);
        assertThat(pair.slave.notes).noneMatch(n -> n.contains("process is gone"));
        pair.run(SETTLE);
        assertThat(pair.master.active()).as("without a witness both serve while cut").isTrue();

        pair.resetCounters();
        pair.network.partition(false);
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void killedActiveProcessIsTakenOverAtOnceNotAfterDeadAfter() {
        NetworkedPair pair = settled(6);
        pair.network.loss(0.3);

        pair.master.kill(true);
        long takeover = pair.runUntilActive(pair.slave, 5_000);

        assertThat(takeover).as("simulated ms from kill to the slave answering 200").isBetween(0L, 10L);
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.DEAD);
        assertThat(pair.slave.notes).anyMatch(n -> n.contains("declared dead at once: its process is gone"));
    }

    @Test
    void silentDeathIsTakenOverWithinOneSecond() {
        NetworkedPair pair = settled(7);

        pair.master.kill(false);
        long takeover = pair.runUntilActive(pair.slave, 5_000);

        assertThat(takeover).isBetween(NetworkedPair.DEFAULTS.deadAfter().toMillis()
                - NetworkedPair.DEFAULTS.heartbeatInterval().toMillis(), 1_000L);
        assertThat(pair.slave.notes).noneMatch(n -> n.contains("process is gone"));
    }

    @Test
    void restartedMasterAfterAKillIsHeardAgainAndTakesBackWithoutAGap() {
        NetworkedPair pair = settled(8);
        pair.master.kill(true);
        pair.run(SETTLE);
        assertThat(pair.slave.active()).isTrue();
        pair.resetCounters();

        pair.master.start();
        pair.run(4 * SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.ALIVE);
        assertThat(pair.gapMillis).isZero();
    }
}
