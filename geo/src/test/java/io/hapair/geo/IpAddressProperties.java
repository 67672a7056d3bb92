package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
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

    @Provide
    Arbitrary<Addresses.Spellings> addresses() {
        return Addresses.any();
    }
}
