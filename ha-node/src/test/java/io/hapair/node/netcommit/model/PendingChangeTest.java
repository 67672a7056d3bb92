package io.hapair.node.netcommit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PendingChangeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PARTNER_ALLOWANCE = Duration.ofMillis(200);

    /** Probes every 5 s up to {@code until}, as Azure's default probe sends them. */
    private static ProbeCadence probesEvery5sUntil(long until) {
        ProbeCadence probes = new ProbeCadence();
        for (long at = until - 40_000; at <= until; at += 5_000) {
            probes.seen(at);
        }
        return probes;
    }

    @Test
    void aChangeNotConfirmedByTheDeadlineIsRolledBack() {
        PendingChange change = PendingChange.begin(1_000_000, TIMEOUT, true, PARTNER_ALLOWANCE,
                probesEvery5sUntil(1_000_000));

        assertThat(change.rollbackReason(1_119_999, 1_119_990, 1_119_000)).isEmpty();
        assertThat(change.rollbackReason(1_120_000, 1_119_990, 1_119_000)).hasValue("not confirmed within 120 s");
    }

    @Test
    void aChangeAfterWhichThePartnerFallsSilentIsRolledBackWellBeforeItsDeadAfter() {
        PendingChange change = PendingChange.begin(1_000_000, TIMEOUT, true, PARTNER_ALLOWANCE, new ProbeCadence());

        assertThat(change.rollbackReason(1_000_150, 999_990, -1)).isEmpty();
        assertThat(change.rollbackReason(1_000_300, 1_000_150, -1)).isEmpty();
        assertThat(change.rollbackReason(1_000_251, 1_000_050, -1))
                .hasValue("the partner's heartbeats stopped reaching this node after the change (none for 201 ms)");
    }

    @Test
    void aPartnerNotHeardBeforeTheChangeIsNoReasonToRollBack() {
        PendingChange change = PendingChange.begin(1_000_000, TIMEOUT, false, PARTNER_ALLOWANCE, new ProbeCadence());

        assertThat(change.rollbackReason(1_050_000, 900_000, -1)).isEmpty();
    }

    @Test
    void probesThatStopAfterTheChangeRollItBackBeforeTheBalancerMissesTwo() {
        PendingChange change = PendingChange.begin(1_000_000, TIMEOUT, false, PARTNER_ALLOWANCE,
                probesEvery5sUntil(1_000_000));

        assertThat(change.probeAllowance()).isEqualTo(7_500);
        assertThat(change.rollbackReason(1_007_500, -1, 1_000_000)).isEmpty();
        assertThat(change.rollbackReason(1_007_501, -1, 1_000_000)).get().asString()
                .startsWith("the balancer's probes stopped reaching this node");
        assertThat(change.rollbackReason(1_009_000, -1, 1_005_000)).isEmpty();
    }

    @Test
    void aNodeTheBalancerWasNotProbingHasNoProbesToLose() {
        PendingChange change = PendingChange.begin(1_000_000, TIMEOUT, false, PARTNER_ALLOWANCE,
                probesEvery5sUntil(900_000));

        assertThat(change.probeAllowance()).isZero();
        assertThat(change.rollbackReason(1_060_000, -1, 900_000)).isEmpty();
    }

    @Test
    void aFurtherPartStartsTheDeadlineAgainAndKeepsWatchingWhatTheFirstFound() {
        PendingChange first = PendingChange.begin(1_000_000, TIMEOUT, true, PARTNER_ALLOWANCE, new ProbeCadence());

        PendingChange second = first.extended(1_100_000, TIMEOUT);

        assertThat(second.rollbackReason(1_200_000, 1_199_990, -1)).isEmpty();
        assertThat(second.rollbackReason(1_220_000, 1_219_990, -1)).hasValue("not confirmed within 120 s");
        assertThat(second.rollbackReason(1_150_000, 1_100_000, -1)).isPresent();
    }

    @Test
    void frequentProbesStillAllowTwoSecondsOfSilence() {
        ProbeCadence probes = new ProbeCadence();
        for (long at = 0; at <= 2_000; at += 200) {
            probes.seen(at);
        }

        assertThat(probes.allowance(2_100)).hasValue(ProbeCadence.MIN_ALLOWANCE_MILLIS);
        assertThat(probes.allowance(4_500)).isEmpty();
    }
}
