package io.hapair.cloud.topology;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * IPv4 addresses and CIDR prefixes as the topology writes them, read by the IPAddress library from the
 * literal text alone: {@link IPAddressString} never resolves a name, so the model stays free of I/O.
 */
public final class Ipv4 {

    /**
     * Dotted quads and CIDR prefixes only: no host names, IPv6, ranges, wildcards, masks, binary or
     * inet_aton forms (10.1, 0x0a.0.0.1). Leading zeros are refused: some readers take 010 as octal 8,
     * others as decimal 10, and a cloud API would be handed either.
     */
    private static final IPAddressStringParameters LITERALS = literals();

    private Ipv4() {
    }

    public static boolean isAddress(String text) {
        return address(text).isPresent();
    }

    /** Whether {@code text} is a CIDR prefix such as {@code 10.0.0.0/16}; a plain address is not. */
    public static boolean isPrefix(String text) {
        return literal(text).filter(IPAddressString::isPrefixed).isPresent();
    }

    /**
     * Whether a prefix such as {@code 10.0.0.0/16} or a single address contains the address. Text
     * that is neither (a service tag, {@code *}) contains nothing here; callers handle those. Host bits
     * set in the prefix (10.0.1.4/16) do not narrow it: it still names the whole network.
     */
    public static boolean contains(String prefix, String address) {
        return literal(prefix).map(network -> network.getAddress().toPrefixBlock())
            .flatMap(network -> address(address).map(network::contains)).orElse(false);
    }

    private static Optional<IPAddress> address(String text) {
        return literal(text).filter(literal -> !literal.isPrefixed()).map(IPAddressString::getAddress);
    }

    private static Optional<IPAddressString> literal(String text) {
        // The library trims whitespace; a value with it around is not what a cloud API accepts.
        if (text == null || !text.equals(text.trim())) {
            return Optional.empty();
        }
        IPAddressString literal = new IPAddressString(text, LITERALS);
        if (!literal.isValid()) {
            return Optional.empty();
        }
        // A length with leading zeros (/016) is refused like an octet with them. The library's option for
        // that refuses /0 as well (IPAddress 5.5.1 counts its only digit as a leading zero), so the length
        // is compared with its plain spelling instead.
        return !literal.isPrefixed() || text.endsWith("/" + literal.getNetworkPrefixLength()) ? Optional.of(literal)
            : Optional.empty();
    }

    private static IPAddressStringParameters literals() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
            .allowIPv6(false).allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false)
            .allowMask(false).allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false);
        return builder.toParams();
    }
}
