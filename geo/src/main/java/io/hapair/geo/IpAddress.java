package io.hapair.geo;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address read from its literal text alone, by the IPAddress library with every form
 * but the plain literal switched off. {@link IPAddressString} never resolves a name, so parsing is safe
 * on untrusted input and in pure code.
 *
 * <p>Two spellings of one address are equal ({@code fd00::1} and {@code FD00:0::1}); an IPv4 address
 * and its IPv4-mapped IPv6 form ({@code ::ffff:10.0.0.1}) are not, because a node configured with
 * one does not answer on the other. Zone ids ({@code fe80::1%eth0}) and brackets are refused: they
 * name an interface or a URL, not an address a document can hold.
 */
public final class IpAddress {

    private static final IPAddressStringParameters ADDRESS = literals(false);
    private static final IPAddressStringParameters PREFIXED = literals(true);

    private final IPAddress value;

    IpAddress(IPAddress value) {
        this.value = value;
    }

    /** The address that {@code text} spells, or empty when it is not an IPv4 or IPv6 literal. */
    public static Optional<IpAddress> parse(String text) {
        return literal(text, false).map(IPAddressString::getAddress).map(IpAddress::new);
    }

    /**
     * The canonical text of a literal, or {@code text} unchanged when it is not one (a cluster name,
     * or a typo that validation reports). Documents store this form so that equal addresses make
     * equal documents.
     */
    public static String canonical(String text) {
        // Reading a stored virtual service canonicalises its addresses again, 10,000 times in a full resync: the
        // library's parse and format cost about 1 KB and 2 us an address with C1 only, 2 of the 5 KB of binding one.
        return isCanonicalIpv4(text) ? text : parse(text).map(IpAddress::toString).orElse(text);
    }

    /**
     * Whether {@code text} is four decimal octets of at most 255 without leading zeros: the dotted quad that
     * is its own canonical text, as the library would write it. Anything else is left to the library.
     */
    static boolean isCanonicalIpv4(String text) {
        if (text == null || text.length() < 7 || text.length() > 15) {
            return false;
        }
        int octets = 0;
        int at = 0;
        while (at <= text.length()) {
            int end = text.indexOf('.', at);
            end = end < 0 ? text.length() : end;
            int digits = end - at;
            if (digits < 1 || digits > 3 || ++octets > 4 || digits > 1 && text.charAt(at) == '0') {
                return false;
            }
            int value = 0;
            for (int i = at; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return false;
            }
            at = end + 1;
        }
        return octets == 4;
    }

    /**
     * The library's reading of {@code text}, with a prefix length ({@code /24}) required when
     * {@code prefixed} and refused otherwise; empty when it is no literal of that kind.
     */
    static Optional<IPAddressString> literal(String text, boolean prefixed) {
        // The library trims whitespace; text with it around is not what a document or file may hold.
        if (text == null || !text.equals(text.trim())) {
            return Optional.empty();
        }
        IPAddressString literal = new IPAddressString(text, prefixed ? PREFIXED : ADDRESS);
        if (!literal.isValid() || literal.isPrefixed() != prefixed) {
            return Optional.empty();
        }
        // A length with leading zeros (/016) is refused like an octet with them. The library's option for
        // that refuses /0 as well (IPAddress 5.5.1 counts its only digit as a leading zero), so the length
        // is compared with its plain spelling instead.
        return !prefixed || text.endsWith("/" + literal.getNetworkPrefixLength()) ? Optional.of(literal)
                : Optional.empty();
    }

    /**
     * Plain literals only: no host names, ranges, wildcards, masks, zones, binary or base 85 forms, and
     * none of inet_aton's (10.1, 0x0a.0.0.1). Leading zeros are refused in IPv4 octets, also inside an
     * IPv6 address: some readers take 010 as octal 8, others as decimal 10.
     */
    private static IPAddressStringParameters literals(boolean prefixed) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false).allowMask(false)
                .allowPrefix(prefixed).allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE)
                .allow_inet_aton(false);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false);
        // An IPv6 group may be written with leading zeros (0db8), but with four hex digits at most.
        builder.getIPv6AddressParametersBuilder().allowZone(false).allowBase85(false).allowBinary(false)
                .allowUnlimitedLeadingZeros(false);
        builder.getIPv6AddressParametersBuilder().getEmbeddedIPv4AddressParametersBuilder().allowLeadingZeros(false);
        return builder.toParams();
    }

    IPAddress value() {
        return value;
    }

    public boolean isIpv6() {
        return value.isIPv6();
    }

    /** The address with all but the first {@code prefixLength} bits cleared: the network it is in. */
    public IpAddress network(int prefixLength) {
        return new IpAddress(value.toZeroHost(prefixLength).withoutPrefixLength());
    }

    /** How many leading bits this address shares with {@code other} of the same family (32 or 128 when equal). */
    public int commonPrefixLength(IpAddress other) {
        return value.coverWithPrefixBlock(other.value).getNetworkPrefixLength();
    }

    /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, longest zero run as ::). */
    @Override
    public String toString() {
        // RFC 5952 5: an IPv4-mapped address keeps its dotted quad so that it reads as what it is.
        return value.isIPv6() && value.toIPv6().isIPv4Mapped() ? value.toIPv6().toMixedString()
                : value.toCanonicalString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
