package io.hapair.geo;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address read from its literal text alone. Parsing never resolves a name (this
 * class does not touch {@code java.net}), so it is safe on untrusted input and in pure code.
 *
 * <p>Two spellings of one address are equal ({@code fd00::1} and {@code FD00:0::1}); an IPv4 address
 * and its IPv4-mapped IPv6 form ({@code ::ffff:10.0.0.1}) are not, because a node configured with
 * one does not answer on the other. Zone ids ({@code fe80::1%eth0}) and brackets are refused: they
 * name an interface or a URL, not an address a document can hold.
 */
public final class IpAddress {

    private static final int IPV6_GROUPS = 8;

    private final boolean ipv6;
    // The 128 bits of an IPv6 address, or an IPv4 address in the low 32 bits of low.
    private final long high;
    private final long low;

    private IpAddress(boolean ipv6, long high, long low) {
        this.ipv6 = ipv6;
        this.high = high;
        this.low = low;
    }

    /** The address that {@code text} spells, or empty when it is not an IPv4 or IPv6 literal. */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            long v4 = ipv4Value(text);
            return v4 < 0 ? Optional.empty() : Optional.of(new IpAddress(false, 0, v4));
        }
        int[] groups = ipv6Groups(text);
        if (groups == null) {
            return Optional.empty();
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return Optional.of(new IpAddress(true, high, low));
    }

    /**
     * The canonical text of a literal, or {@code text} unchanged when it is not one (a cluster name,
     * or a typo that validation reports). Documents store this form so that equal addresses make
     * equal documents.
     */
    public static String canonical(String text) {
        return parse(text).map(IpAddress::toString).orElse(text);
    }

    public boolean isIpv6() {
        return ipv6;
    }

    /** The address with all but the first {@code prefixLength} bits cleared: the network it is in. */
    public IpAddress network(int prefixLength) {
        int bits = ipv6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0.." + bits);
        }
        if (!ipv6) {
            return new IpAddress(false, 0, low & (0xffffffffL << (32 - prefixLength)) & 0xffffffffL);
        }
        return new IpAddress(true, high & mask(prefixLength), low & mask(prefixLength - 64));
    }

    /** How many leading bits this address shares with {@code other} of the same family (32 or 128 when equal). */
    public int commonPrefixLength(IpAddress other) {
        if (ipv6 != other.ipv6) {
            throw new IllegalArgumentException(this + " and " + other + " are of different families");
        }
        if (!ipv6) {
            // The IPv4 value sits in the low 32 bits, so the upper 32 always agree.
            return Long.numberOfLeadingZeros(low ^ other.low) - 32;
        }
        return high != other.high ? Long.numberOfLeadingZeros(high ^ other.high)
                : 64 + Long.numberOfLeadingZeros(low ^ other.low);
    }

    /** A 64-bit mask of the first {@code ones} bits, for ones below 0 or above 64 too. */
    private static long mask(int ones) {
        return ones <= 0 ? 0 : ones >= 64 ? -1L : -1L << (64 - ones);
    }

    /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, longest zero run as ::). */
    @Override
    public String toString() {
        return ipv6 ? ipv6Text() : dotted(low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && ipv6 == other.ipv6 && high == other.high && low == other.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low) + (ipv6 ? 1 : 0);
    }

    /** 0..2^32-1, or -1 when {@code text} is not a dotted quad without leading zeros. */
    private static long ipv4Value(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            // A leading zero is refused: some resolvers read 010 as octal 8, others as decimal 10.
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** The eight 16-bit groups, or null when {@code text} is not an IPv6 literal. */
    private static int[] ipv6Groups(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        // A trailing dotted quad is allowed only at the very end of the address.
        int[] front = groupsOf(head, gap < 0);
        int[] back = groupsOf(tail, true);
        if (front == null || back == null) {
            return null;
        }
        int given = front.length + back.length;
        // "::" stands for at least one zero group (RFC 4291 2.2).
        if (gap < 0 ? given != IPV6_GROUPS : given > IPV6_GROUPS - 1) {
            return null;
        }
        int[] groups = new int[IPV6_GROUPS];
        System.arraycopy(front, 0, groups, 0, front.length);
        System.arraycopy(back, 0, groups, IPV6_GROUPS - back.length, back.length);
        return groups;
    }

    private static int[] groupsOf(String part, boolean dottedQuadLast) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        String last = texts[texts.length - 1];
        boolean quad = dottedQuadLast && last.indexOf('.') >= 0;
        int[] groups = new int[texts.length + (quad ? 1 : 0)];
        for (int i = 0; i < texts.length - (quad ? 1 : 0); i++) {
            groups[i] = hexGroup(texts[i]);
            if (groups[i] < 0) {
                return null;
            }
        }
        if (quad) {
            long v4 = ipv4Value(last);
            if (v4 < 0) {
                return null;
            }
            groups[groups.length - 2] = (int) (v4 >>> 16);
            groups[groups.length - 1] = (int) (v4 & 0xffff);
        }
        return groups;
    }

    private static int hexGroup(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            // Character.digit also accepts non-ASCII digits; an address is ASCII only.
            if (digit < 0 || text.charAt(i) > 'f') {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private String ipv6Text() {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        // RFC 5952 5: an IPv4-mapped address keeps its dotted quad so that it reads as what it is.
        if (high == 0 && (low >>> 32) == 0xffff) {
            return "::ffff:" + dotted(low & 0xffffffffL);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is never shortened to "::".
        for (int start = 0; start < IPV6_GROUPS; start++) {
            int length = 0;
            while (start + length < IPV6_GROUPS && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static String dotted(long value) {
        return (value >>> 24 & 0xff) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);
    }
}
