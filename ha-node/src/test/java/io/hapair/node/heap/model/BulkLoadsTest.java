package io.hapair.node.heap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.heap.model.BulkLoads.Ended;
import io.hapair.node.heap.model.BulkLoads.Write;
import org.junit.jupiter.api.Test;

class BulkLoadsTest {

    private final BulkLoads loads = new BulkLoads(200, 1_000);

    @Test
    void smallWritesBeginNothing() {
        assertThat(loads.committed(199, 0)).isEqualTo(Write.NONE);
        assertThat(loads.expected(1, 10)).isEqualTo(Write.NONE);

        assertThat(loads.endsAt()).isEmpty();
        assertThat(loads.ended(5_000)).isEmpty();
    }

    @Test
    void aBulkCommitBeginsALoadThatEndsOnceQuietAndIsReportedOnce() {
        assertThat(loads.committed(200, 1_000)).isEqualTo(Write.BEGAN);
        assertThat(loads.endsAt()).hasValue(2_000);

        assertThat(loads.ended(1_999)).isEmpty();
        assertThat(loads.ended(2_000)).contains(new Ended(200, 0));
        assertThat(loads.ended(3_000)).isEmpty();
        assertThat(loads.endsAt()).isEmpty();
    }

    @Test
    void bulkWritesKeepALoadGoingAndSmallOnesOnlyCount() {
        loads.committed(500, 0);
        assertThat(loads.committed(500, 800)).isEqualTo(Write.CONTINUED);
        assertThat(loads.committed(50, 1_500)).isEqualTo(Write.CONTINUED);

        assertThat(loads.endsAt()).as("the small commit did not move the end").hasValue(1_800);
        assertThat(loads.ended(1_800)).contains(new Ended(1_050, 800));
    }

    @Test
    void anExpectedBulkBeginsALoadWithoutCountingItsDocuments() {
        assertThat(loads.expected(10_050, 0)).isEqualTo(Write.BEGAN);
        assertThat(loads.committed(500, 300)).isEqualTo(Write.CONTINUED);
        assertThat(loads.expected(500, 600)).isEqualTo(Write.CONTINUED);

        assertThat(loads.ended(1_600)).contains(new Ended(500, 600));
    }

    @Test
    void aLoadAfterTheLastBeginsAfresh() {
        loads.committed(300, 0);
        loads.ended(1_000);

        assertThat(loads.committed(250, 5_000)).isEqualTo(Write.BEGAN);
        assertThat(loads.ended(6_000)).contains(new Ended(250, 0));
    }

    @Test
    void refusesNonPositiveLimits() {
        assertThatThrownBy(() -> new BulkLoads(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BulkLoads(200, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
