package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.ClusterHealth;
import io.hapair.geo.GeoCluster;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairHealthTest {

    // The checks say 10.0.0.9 is down, every other default cluster up.
    private static final ClusterHealth CHECKS =
            c -> c.address().equals("10.0.0.9") ? Optional.empty() : Optional.of(c.address());

    @ParameterizedTest(name = "{0} cluster at {1}, self active {2}, partner active {3}: {4}")
    @CsvSource(nullValues = "down", value = {
        "LOCAL,   10.0.0.1, true,  false, 10.0.0.1",
        "LOCAL,   10.0.0.1, false, true,  10.0.0.2",
        "LOCAL,   10.0.0.1, false, false, down",
        "DEFAULT, 10.0.0.1, false, true,  10.0.0.2",
        "DEFAULT, 10.0.0.1, true,  true,  10.0.0.1",
        "DEFAULT, 10.0.0.7, false, false, 10.0.0.7",
        "DEFAULT, 10.0.0.9, true,  true,  down",
        "REMOTE,  10.0.0.8, true,  true,  down",
    })
    void thisUnitIsAnsweredAtTheActiveNodeRemoteOnesAsPolledDefaultOnesAsChecked(GeoCluster.Type type, String address,
            boolean selfActive, boolean partnerActive, String serving) {
        PairHealth health = new PairHealth("10.0.0.1", "10.0.0.2",
                () -> new PairHealth.PairState(selfActive, partnerActive), c -> Optional.empty(), CHECKS);

        assertThat(health.servingAddress(new GeoCluster("site", address, type, null)))
                .isEqualTo(Optional.ofNullable(serving));
    }

    @ParameterizedTest(name = "standalone, self active {0}: {1}")
    @CsvSource(nullValues = "down", value = {"true, 10.0.0.1", "false, down"})
    void aStandaloneUnitHasNoPartnerToFallBackTo(boolean selfActive, String serving) {
        PairHealth health = new PairHealth("10.0.0.1", null, () -> new PairHealth.PairState(selfActive, true),
                c -> Optional.empty(), CHECKS);

        assertThat(health.servingAddress(new GeoCluster("me", "10.0.0.1", GeoCluster.Type.LOCAL, null)))
                .isEqualTo(Optional.ofNullable(serving));
    }
}
