package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Self-fencing in {@link RoleMachine}: a node that stalled (SIGSTOP, a long GC pause) long enough for
 * its partner to take over answers 503 from the moment it wakes until it knows whether the partner did.
 */
class StallFenceTest {

    private static final long SETTLE = 3_000;

    @Test
    void activeNodeWokenAfterItsPartnerTookOverStepsDownWithoutAnswering200() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        assertThat(pair.master.active()).isTrue();

        pair.master.freeze();
        pair.run(3_000);
        assertThat(pair.slave.active()).as("slave took over from the stopped master").isTrue();
        long woke = pair.now;
        pair.master.thaw();
        pair.run(SETTLE);

        assertThat(pair.master.activeAfterEventAt).as("times the woken master answered 200")
                .noneMatch(at -> at >= woke);
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.STALLED);
    }

    @Test
    void heartbeatSentOnWakingBeforeAnyEventReportsStandbySoThePartnerKeepsTheTraffic() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).withBalancer(1_000).startBoth().run(SETTLE);
        pair.master.freeze();
        pair.run(3_000);
        pair.master.thaw();

        PartnerReport first = pair.master.machine.ownReport(pair.now);
        pair.slave.send(new RoleEvent.HeartbeatReceived(first, -1));

        assertThat(first.active()).isFalse();
        assertThat(pair.slave.active()).isTrue();
    }

    @Test
    void masterWokenUnderPreferMasterAnswers503UntilItHeardTheSlaveThenTakesBackWithoutGap() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.freeze();
        pair.run(3_000);
        long woke = pair.now;
        pair.master.thaw();
        pair.resetCounters();
        pair.run(SETTLE);

        long steppedDown = pair.master.status().events().stream()
                .filter(e -> e.reason() == TransitionReason.STALLED).findFirst().orElseThrow().at();
        assertThat(pair.master.activeAfterEventAt).as("the woken master's 200s").noneMatch(at -> at >= woke && at < steppedDown);
        assertThat(pair.master.reasons).endsWith(TransitionReason.STALLED, TransitionReason.PREFER_MASTER);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void stallShorterThanThePartnersDeadlineIsNoFailoverAndTheNodeServesOnWaking() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        // Past stalledAfter (the health check answered 503 meanwhile), short of dead-after less an interval.
        long shortStall = 600;

        pair.master.freeze();
        pair.run(shortStall);
        pair.master.thaw();
        pair.run(20);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.master.status().events()).extracting(EventLog.Entry::message)
                .anyMatch(m -> m.startsWith("local stall of"));
        assertThat(pair.slave.transitions).isEmpty();
        assertThat(pair.master.transitions).hasSize(1);
    }

    @Test
    void wokenNodeWhosePartnerDidNotTakeOverServesAgainOnceItHearsThePartner() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.linkUp = false;
        pair.master.freeze();
        pair.slave.freeze();
        pair.run(3_000);
        pair.linkUp = true;
        pair.slave.thaw();
        pair.master.thaw();
        pair.run(SETTLE);

        assertThat(pair.master.status().events()).extracting(EventLog.Entry::message)
                .contains("heard partner after the stall; deciding by the rules");
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.overlapMillis).isZero();
    }

    @Test
    void wokenNodeWhosePartnerStaysSilentServesAgainAfterDeadAfter() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.freeze();
        pair.slave.kill();
        pair.run(3_000);
        pair.master.thaw();
        pair.run(SimulatedPair.TIMING.deadAfter().toMillis() - 50);
        assertThat(pair.master.active()).as("fenced until dead-after has passed since waking").isFalse();

        pair.run(100);

        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void standbyNodeWokenFromAStallDoesNotTakeOverBeforeHearingItsPartner() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.slave.freeze();
        pair.run(3_000);
        pair.slave.thaw();
        pair.run(SETTLE);

        assertThat(pair.slave.activeAfterEventAt).isEmpty();
        assertThat(pair.master.active()).isTrue();
    }
}
