package io.hapair.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Address generators for the property tests: both families, long zero runs, and many spellings of one address. */
final class Addresses {

    /** An address and the ways an operator may write it; the first is the canonical one. */
    record Spellings(IpAddress address, List<String> texts) {
    }

    private Addresses() {
    }

    static Arbitrary<Spellings> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(octets -> only(String.join(".", octets.stream().map(String::valueOf).toList())));
    }

    static Arbitrary<Spellings> ipv6() {
        return group().list().ofSize(8).map(groups -> {
            String full = String.join(":", groups.stream().map(Integer::toHexString).toList());
            String padded = String.join(":", groups.stream().map(g -> String.format("%04X", g)).toList());
            IpAddress address = IpAddress.parse(full).orElseThrow();
            return new Spellings(address,
                    List.of(address.toString(), full, padded, address.toString().toUpperCase(Locale.ROOT)));
        });
    }

    static Arbitrary<Spellings> any() {
        return Arbitraries.oneOf(ipv4(), ipv6());
    }

    /** A 16-bit group, zero often enough that "::" compression is exercised at every position. */
    static Arbitrary<Integer> group() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 0xf)),
                Tuple.of(4, Arbitraries.integers().between(0, 0xffff)));
    }

    /**
     * Addresses whose text starts with the text of {@code address} (10.0.0.1 and 10.0.0.12,
     * fd00::1 and fd00::1a): the near misses an exact-match rewrite must leave alone.
     */
    static List<Spellings> textualExtensions(IpAddress address) {
        List<Spellings> found = new ArrayList<>();
        for (char digit : "0129af".toCharArray()) {
            String text = address.toString() + digit;
            if (IpAddress.parse(text).isPresent()) {
                found.add(only(text));
            }
        }
        return found;
    }

    private static Spellings only(String canonical) {
        return new Spellings(IpAddress.parse(canonical).orElseThrow(), List.of(canonical));
    }
}
