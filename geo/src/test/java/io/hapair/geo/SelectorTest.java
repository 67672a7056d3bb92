package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoFqdn.Selection;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {

    // Three sites; weights 3, 1, 0 and places London, New York, Sydney.
    private static final List<Candidate> SITES = List.of(
            new Candidate("10.0.0.1", 3, new GeoLocation(51.5, -0.1)),
            new Candidate("10.0.0.2", 1, new GeoLocation(40.7, -74.0)),
            new Candidate("10.0.0.3", 0, new GeoLocation(-33.9, 151.2)));

    @ParameterizedTest(name = "{0} over {1} answers {2} for turns 0..7")
    @CsvSource(delimiter = '|', value = {
        "ROUND_ROBIN          | 1,2,3 | 1 2 3 1 2 3 1 2",
        "ROUND_ROBIN          | 2     | 2 2 2 2 2 2 2 2",
        "WEIGHTED_ROUND_ROBIN | 1,2,3 | 1 1 1 2 1 1 1 2",
        "WEIGHTED_ROUND_ROBIN | 2,3   | 2 2 2 2 2 2 2 2",
        "WEIGHTED_ROUND_ROBIN | 3     | 3 3 3 3 3 3 3 3",
        "FIXED_WEIGHTING      | 1,2,3 | 1 1 1 1 1 1 1 1",
        "FIXED_WEIGHTING      | 2,3   | 2 2 2 2 2 2 2 2",
        "FIXED_WEIGHTING      | 3     | 3 3 3 3 3 3 3 3",
        "PROXIMITY            | 1,2,3 | 1 1 1 1 1 1 1 1",
    })
    void eachCriterionSpreadsTurnsOverTheHealthySitesAsDocumented(Selection selection, String healthy,
                                                                 String expected) {
        List<Candidate> candidates = sites(healthy);

        String answers = LongStream.range(0, 8)
                .mapToObj(turn -> Selector.pick(selection, candidates, turn, null).orElseThrow().address())
                .map(address -> address.substring(address.length() - 1))
                .collect(Collectors.joining(" "));

        assertThat(answers).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a client at {0},{1} gets site {2}")
    @CsvSource({
        "48.9,   2.3,  1",  // Paris: London
        "37.8, -122.4, 2",  // San Francisco: New York
        "35.7,  139.7, 3",  // Tokyo: Sydney
        "-33.9, 151.2, 3",
    })
    void proximityAnswersTheNearestHealthySite(double latitude, double longitude, int site) {
        Candidate picked = Selector.pick(Selection.PROXIMITY, SITES, 0, new GeoLocation(latitude, longitude))
                .orElseThrow();

        assertThat(picked.address()).isEqualTo("10.0.0." + site);
    }

    @ParameterizedTest(name = "proximity for a client in Paris over {0} answers {1}")
    @CsvSource({"'2,3', 2", "3, 3"})
    void proximitySkipsSitesThatAreDown(String healthy, int site) {
        Candidate picked = Selector.pick(Selection.PROXIMITY, sites(healthy), 0, new GeoLocation(48.9, 2.3))
                .orElseThrow();

        assertThat(picked.address()).isEqualTo("10.0.0." + site);
    }

    @ParameterizedTest(name = "{0} with all weights 0 still answers in turn")
    @CsvSource({"WEIGHTED_ROUND_ROBIN", "FIXED_WEIGHTING"})
    void weightsOfZeroEverywhereStillAnswer(Selection selection) {
        List<Candidate> zero = List.of(new Candidate("10.0.0.1", 0, null), new Candidate("10.0.0.2", 0, null));

        assertThat(Selector.pick(selection, zero, 1, null)).isPresent();
    }

    @ParameterizedTest(name = "{0} over no healthy site answers nothing")
    @CsvSource({"ROUND_ROBIN", "WEIGHTED_ROUND_ROBIN", "FIXED_WEIGHTING", "PROXIMITY"})
    void noHealthySiteNoAnswer(Selection selection) {
        assertThat(Selector.pick(selection, List.of(), 5, null)).isEmpty();
    }

    private static List<Candidate> sites(String numbers) {
        return Arrays.stream(numbers.split(",")).map(n -> SITES.get(Integer.parseInt(n.trim()) - 1)).toList();
    }
}
