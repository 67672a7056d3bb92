package io.hapair.cloud.topology;

/**
 * IPv4 addresses and CIDR prefixes as plain integers. Written here because the model may not use
 * {@code java.net} (it must stay free of I/O classes, see the architecture test).
 */
public final class Ipv4 {

    private Ipv4() {
    }

    public static boolean isAddress(String text) {
        return parse(text) >= 0;
    }

    /** The address as an unsigned 32-bit value, or -1 when the text is not a dotted-quad address. */
    public static long parse(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return -1;
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int number = Integer.parseInt(octet);
            if (number > 255) {
                return -1;
            }
            value = (value << 8) | number;
        }
        return value;
    }

    /**
     * Whether a prefix such as {@code 10.0.0.0/16} or a single address contains the address. Text
     * that is neither (a service tag, {@code *}) contains nothing here; callers handle those.
     */
    public static boolean contains(String prefix, String address) {
        long target = parse(address);
        int slash = prefix.indexOf('/');
        long network = parse(slash < 0 ? prefix : prefix.substring(0, slash));
        if (target < 0 || network < 0) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? 32 : Integer.parseInt(prefix.substring(slash + 1));
        } catch (NumberFormatException notANumber) {
            return false;
        }
        if (bits < 0 || bits > 32) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
        return (network & mask) == (target & mask);
    }
}
