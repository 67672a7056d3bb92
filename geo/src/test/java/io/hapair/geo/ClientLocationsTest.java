package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientLocationsTest {

    private static final GeoLocation AMSTERDAM = new GeoLocation(52.4, 4.9);
    private static final GeoLocation NEW_YORK = new GeoLocation(40.7, -74.0);

    // Amsterdam's /16 holds a New York office (/24); a v6 network too.
    private static final ClientLocations LOCATIONS = ClientLocations.of(List.of(
            new GeoClientLocation("new-york", List.of("10.2.0.0/16", "10.1.5.0/24"), NEW_YORK),
            new GeoClientLocation("amsterdam", List.of("10.1.0.0/16", "2001:DB8:a::/48"), AMSTERDAM)));

    @ParameterizedTest(name = "{0} with {1} known bits is in {2}, answer scope /{3}")
    @CsvSource(nullValues = "nowhere", value = {
        // the longest network wins; the scope stops short of the New York office's /24
        "10.1.2.3,        32,  amsterdam, 22",
        "10.1.5.9,        32,  new-york,  24",
        "10.2.200.1,      32,  new-york,  16",
        // an EDNS Client Subnet /24 is placed like its addresses
        "10.1.2.0,        24,  amsterdam, 22",
        // a /16 subnet cannot tell the office's /24 apart, so only the /16 counts
        "10.1.0.0,        16,  amsterdam, 16",
        // outside every network: the scope is the widest block that reaches none of them
        "10.3.0.0,        24,  nowhere,   16",
        "192.0.2.1,       32,  nowhere,   1",
        "2001:db8:a:1::1, 128, amsterdam, 48",
        "2001:db8:b::,    56,  nowhere,   48",
        "fd00::1,         128, nowhere,   1",
        // a subnet of length 0 says nothing about the client: it is placed nowhere, for everyone
        "10.1.2.0,        0,   nowhere,   0",
    })
    void aClientIsPlacedByTheLongestNetworkThatHoldsIt(String address, int knownBits, String place, int scope) {
        ClientLocations.Located located = LOCATIONS.locate(IpAddress.parse(address).orElseThrow(), knownBits);

        assertThat(located.location()).isEqualTo(place == null ? null
                : place.equals("amsterdam") ? AMSTERDAM : NEW_YORK);
        assertThat(located.scope()).isEqualTo(scope);
    }

    @Test
    void aNetworkListedTwiceResolvesToTheFirstNameWhateverTheOrderGiven() {
        GeoClientLocation a = new GeoClientLocation("a-site", List.of("10.9.0.0/16"), AMSTERDAM);
        GeoClientLocation b = new GeoClientLocation("b-site", List.of("10.9.0.0/16"), NEW_YORK);
        IpAddress client = IpAddress.parse("10.9.1.1").orElseThrow();

        assertThat(ClientLocations.of(List.of(a, b)).locate(client, 32).location()).isEqualTo(AMSTERDAM);
        assertThat(ClientLocations.of(List.of(b, a)).locate(client, 32).location()).isEqualTo(AMSTERDAM);
    }

    @Test
    void noLocationsPlaceNobodyForEverybody() {
        ClientLocations.Located located = ClientLocations.of(List.of())
                .locate(IpAddress.parse("10.1.2.3").orElseThrow(), 32);

        assertThat(located).isEqualTo(new ClientLocations.Located(null, 0));
    }

    @Test
    void isEmptyOnlyWhenNoNetworkCanPlaceAClient() {
        GeoClientLocation unreadable = new GeoClientLocation("typo", List.of("10.1.0.0/33"), AMSTERDAM);

        assertThat(ClientLocations.of(List.of()).isEmpty()).isTrue();
        assertThat(ClientLocations.of(List.of(unreadable)).isEmpty()).isTrue();
        assertThat(LOCATIONS.isEmpty()).isFalse();
    }
}
