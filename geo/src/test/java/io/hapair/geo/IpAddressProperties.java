package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Checks the parser against the JDK's, which tests may use: a literal never reaches DNS there either. */
class IpAddressProperties {

    @Property
    void everySpellingIsReadAsTheSameAddress(@ForAll("addresses") Addresses.Spellings address) {
        for (String text : address.texts()) {
            assertThat(IpAddress.parse(text)).as(text).hasValue(address.address());
        }
        assertThat(address.address()).hasToString(address.texts().get(0));
    }

    @Property
    void theJdkReadsTheCanonicalTextAsTheSameAddress(@ForAll("addresses") Addresses.Spellings address)
            throws UnknownHostException {
        InetAddress canonical = InetAddress.getByName(address.address().toString());
        for (String text : address.texts()) {
            assertThat(InetAddress.getByName(text)).as(text).isEqualTo(canonical);
        }
    }

    @Property
    void canonicalTextIsLowerCaseWithAtMostOneGap(@ForAll("addresses") Addresses.Spellings address) {
        String canonical = address.address().toString();

        assertThat(canonical).isEqualTo(canonical.toLowerCase(Locale.ROOT));
        assertThat(canonical.split("::", -1).length).isLessThanOrEqualTo(2);
        assertThat(canonical).doesNotContain(":::").doesNotMatch(".*(^|:)0[0-9a-f].*");
    }

    @Property
    void canonicalTextOfADottedQuadIsTheLibrarysReading(@ForAll("dotted") String text) {
        String library = IpAddress.parse(text).map(IpAddress::toString).orElse(text);

        assertThat(IpAddress.canonical(text)).as(text).isEqualTo(library);
        if (IpAddress.isCanonicalIpv4(text)) {
            assertThat(IpAddress.parse(text)).as(text).hasValueSatisfying(a -> assertThat(a).hasToString(text));
        }
    }

    /** Dotted decimal and near misses: 1 to 5 groups of 0 to 4 digits (leading zeros, over 255), a stray character. */
    @Provide
    Arbitrary<String> dotted() {
        Arbitrary<String> group = Arbitraries.oneOf(Arbitraries.integers().between(0, 255).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> quad = group.list().ofMinSize(1).ofMaxSize(5).map(g -> String.join(".", g));
        return Arbitraries.oneOf(quad, quad, quad, Arbitraries.strings().withChars("0123456789. x:/").ofMaxLength(16));
    }

    @Provide
    Arbitrary<Addresses.Spellings> addresses() {
        return Addresses.any();
    }
}
