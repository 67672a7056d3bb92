package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoAnswerer.Family;
import io.hapair.geo.GeoFqdn.Selection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoAnswererTest {

    private static final Map<String, GeoCluster> CLUSTERS = Map.of(
            "eu", new GeoCluster("eu", "10.0.0.1", GeoCluster.Type.REMOTE, null),
            "us", new GeoCluster("us", "10.0.0.2", GeoCluster.Type.DEFAULT, null),
            "v6", new GeoCluster("v6", "fd00::2", GeoCluster.Type.DEFAULT, null));

    @ParameterizedTest(name = "{0} asked for {1} with {2} up and last resort {3}: {4}")
    @CsvSource(nullValues = "none", value = {
        // fixed weighting: eu (weight 2) is preferred over us (1) while it is up
        "fixed, IPV4, eu us,    none, 10.0.0.1",
        "fixed, IPV4, us,       none, 10.0.0.2",
        "fixed, IPV4, '',       none, none",
        "fixed, IPV4, '',       us,   10.0.0.2",
        "fixed, IPV4, '',       v6,   none",
        "fixed, IPV6, eu us v6, none, fd00::2",
        "fixed, IPV6, eu us,    none, none",
        // the disabled mapping to 10.0.0.9 is never answered, even when it is up
        "fixed, IPV4, 10.0.0.9, none, none",
        // a mapping to a bare address is health-checked like a cluster
        "bare,  IPV4, 10.0.0.7, none, 10.0.0.7",
        "bare,  IPV4, '',       none, none",
        // a mapping to a cluster that is not stored (yet) is skipped
        "ghost, IPV4, ghost eu, none, 10.0.0.1",
    })
    void answersTheSelectedHealthyMappingOfTheAskedFamilyElseTheLastResort(String fqdn, Family family, String up,
                                                                        String lastResort, String expected) {
        Set<String> healthy = Set.of(up.split(" "));
        ClusterHealth health = c -> healthy.contains(c.name()) ? Optional.of(c.address()) : Optional.empty();

        Optional<String> answer = new GeoAnswerer(CLUSTERS, health).answer(fqdn(fqdn, lastResort), family, 0, null);

        assertThat(answer).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "pair serving at {0} answers {0}")
    @CsvSource({"10.0.0.1", "10.0.0.11"})
    void aPairIsAnsweredAtTheAddressThatServesItNowSoAFailoverMovesTheAnswer(String serving) {
        ClusterHealth health = c -> c.name().equals("eu") ? Optional.of(serving) : Optional.empty();

        Optional<String> answer = new GeoAnswerer(CLUSTERS, health).answer(fqdn("fixed", null), Family.IPV4, 0, null);

        assertThat(answer).contains(serving);
    }

    private static GeoFqdn fqdn(String kind, String lastResort) {
        List<GeoMapping> mappings = switch (kind) {
            case "bare" -> List.of(new GeoMapping("10.0.0.7", null, null));
            case "ghost" -> List.of(new GeoMapping("ghost", 5, null), new GeoMapping("eu", 1, null));
            default -> List.of(new GeoMapping("us", 1, null), new GeoMapping("eu", 2, null),
                    new GeoMapping("v6", 1, null), new GeoMapping("10.0.0.9", 9, false));
        };
        return new GeoFqdn("www.example.com", Selection.FIXED_WEIGHTING, null, mappings, lastResort);
    }
}
