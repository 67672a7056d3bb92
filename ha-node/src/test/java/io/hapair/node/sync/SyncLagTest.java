package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sync lag is the age of the oldest change the partner has not acknowledged: it counts from the first change
 * pending or unsent, keeps counting while the link is lost and the changes are sent again, and is 0 once all are
 * acknowledged; from sync-lag-warning on, the state is "warning".
 */
class SyncLagTest {

    private final SyncState s = new SyncState();

    @Test
    void lagCountsFromTheOldestUnacknowledgedChangeAndEndsWithTheLastAcknowledgement() {
        long before = System.currentTimeMillis();
        assertThat(s.syncLagMillis(before + 60_000)).as("nothing outstanding").isZero();

        s.pushed(1);
        long sent = System.currentTimeMillis();
        s.pushed(2);

        assertThat(s.syncLagMillis(before + 10_000)).isBetween(10_000 - (sent - before), 10_000L);
        s.acked(5, 0, -1);
        assertThat(s.syncLagMillis(before + 10_000)).isZero();
    }

    @Test
    void anAcknowledgedBatchLeavesTheLagOfTheOldestBatchStillPending() {
        s.pushed(1);
        long secondSentAt = System.currentTimeMillis() + 3_000;

        s.acked(5, 1, secondSentAt);

        assertThat(s.syncLagMillis(secondSentAt + 1_000)).isEqualTo(1_000);
    }

    @Test
    void lagKeepsCountingThroughALostLinkUntilTheResentChangesAreAcknowledged() {
        long before = System.currentTimeMillis();
        s.pushed(2);
        s.unsent(2);
        s.unacknowledged(2, "link lost", 0);
        assertThat(s.syncLagMillis(before + 20_000)).as("unsent").isGreaterThanOrEqualTo(19_000);

        s.comparisonDone(2, 0);
        s.pushed(2);
        assertThat(s.syncLagMillis(before + 20_000)).as("sent again, still the first change's age")
                .isGreaterThanOrEqualTo(19_000);

        s.acked(5, 0, -1);
        assertThat(s.syncLagMillis(before + 20_000)).isZero();
    }

    @Test
    void theStateIsWarningFromTheThresholdOnAndThenBackToInSync() throws Exception {
        s.lagWarning(50);
        s.pushed(1);
        assertThat(s.state(0)).isEqualTo("pending");

        Thread.sleep(80);

        assertThat(s.state(0)).isEqualTo("warning");
        assertThat(s.summary(0)).as("SNMP's word stays pending").isEqualTo("pending");
        s.acked(80, 0, -1);
        assertThat(s.state(0)).isEqualTo("in sync");
    }

    @Test
    void aRefusalOutranksTheWarning() throws Exception {
        s.lagWarning(1);
        s.pushed(1);
        s.partnerRefusal("partner runs software 2.0");
        Thread.sleep(5);

        assertThat(s.state(0)).isEqualTo("refused");
    }
}
