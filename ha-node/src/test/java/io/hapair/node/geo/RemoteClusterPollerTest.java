package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoCluster;
import org.junit.jupiter.api.Test;

class RemoteClusterPollerTest {

    private static final GeoCluster PAIR = new GeoCluster("pair-b", "10.0.2.5", GeoCluster.Type.REMOTE, null);

    @Test
    void anUpUnitStaysUpAfterOneUnansweredPollAndGoesDownAfterTheSecond() {
        RemoteClusterPoller.Observed up = new RemoteClusterPoller.Observed(true, "10.0.2.6", "10.0.2.5", null);

        RemoteClusterPoller.Observed once = RemoteClusterPoller.unreachable(PAIR, up, "10.0.2.5", "timeout");
        RemoteClusterPoller.Observed twice = RemoteClusterPoller.unreachable(PAIR, once, "10.0.2.5", "timeout");

        assertThat(once.up()).isTrue();
        assertThat(once.address()).as("still answered where it was served").isEqualTo("10.0.2.6");
        assertThat(twice.up()).isFalse();
        assertThat(twice.error()).isEqualTo("timeout");
    }

    @Test
    void aUnitNeverPolledCountsUpUntilTheSecondUnansweredPoll() {
        RemoteClusterPoller.Observed once = RemoteClusterPoller.unreachable(PAIR, null, null, "refused");

        assertThat(once.up()).isTrue();
        assertThat(once.address()).isEqualTo("10.0.2.5");
        assertThat(RemoteClusterPoller.unreachable(PAIR, once, null, "refused").up()).isFalse();
    }

    @Test
    void aDownUnitStaysDownWhileUnreachable() {
        RemoteClusterPoller.Observed down = new RemoteClusterPoller.Observed(false, null, null, "none active");

        assertThat(RemoteClusterPoller.unreachable(PAIR, down, null, "refused").up()).isFalse();
    }
}
