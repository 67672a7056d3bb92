package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The scope of an answer is safe to cache: every address in the block it names is placed alike. */
class ClientLocationsProperties {

    /** A network as an IPv4 value and a prefix length, each in its own place. */
    record Network(long value, int length) {
    }

    @Property
    void everyAddressInTheScopeOfAnAnswerIsPlacedAlike(@ForAll("networks") List<Network> networks,
            @ForAll("ipv4") long client, @ForAll("ipv4") long other, @ForAll @IntRange(min = 0, max = 32) int knownBits) {
        ClientLocations locations = locations(networks);
        long known = client & mask(knownBits);

        ClientLocations.Located located = locations.locate(v4(known), knownBits);
        long sameBlock = (known & mask(located.scope())) | (other & ~mask(located.scope()) & mask(knownBits));

        assertThat(located.scope()).isBetween(0, knownBits);
        assertThat(locations.locate(v4(sameBlock), knownBits).location()).isEqualTo(located.location());
    }

    @Property
    void aClientIsPlacedByTheLongestNetworkThatHoldsIt(@ForAll("networks") List<Network> networks,
                                                       @ForAll("ipv4") long client) {
        int longest = -1;
        GeoLocation expected = null;
        for (int i = 0; i < networks.size(); i++) {
            Network n = networks.get(i);
            if ((client & mask(n.length())) == (n.value() & mask(n.length())) && n.length() > longest) {
                longest = n.length();
                expected = place(i);
            }
        }

        assertThat(locations(networks).locate(v4(client), 32).location()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Long> ipv4() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    @Provide
    Arbitrary<List<Network>> networks() {
        // Few distinct first octets, so that networks nest and neighbour each other often.
        Arbitrary<Long> values = Combinators.combine(Arbitraries.longs().between(10, 13), ipv4())
                .as((first, rest) -> (first << 24) | (rest & 0xffffffL));
        return Combinators.combine(values, Arbitraries.integers().between(0, 32)).as(Network::new)
                .list().ofMaxSize(12).uniqueElements(n -> (n.value() & mask(n.length())) + "/" + n.length());
    }

    /** Network i is at place i, so that two networks never share a location by chance. */
    private static ClientLocations locations(List<Network> networks) {
        List<GeoClientLocation> locations = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            Network n = networks.get(i);
            locations.add(new GeoClientLocation(String.format("site-%02d", i),
                    List.of(v4(n.value() & mask(n.length())) + "/" + n.length()), place(i)));
        }
        return ClientLocations.of(locations);
    }

    private static GeoLocation place(int i) {
        return new GeoLocation((double) i, 0.0);
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
    }

    private static IpAddress v4(long value) {
        return IpAddress.parse((value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "."
                + (value & 0xff)).orElseThrow();
    }
}
