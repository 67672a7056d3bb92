package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import java.util.Optional;

/** An address with a prefix length, {@code 10.0.1.5/24} or {@code fd00::5/64}: an interface address or a route. */
record Cidr(IpAddress address, int prefixLength) {

    static Optional<Cidr> parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                || (length.length() > 1 && length.charAt(0) == '0')) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(length);
        return IpAddress.parse(text.substring(0, slash))
                .filter(a -> prefix <= (a.isIpv6() ? 128 : 32))
                .map(a -> new Cidr(a, prefix));
    }

    /** The canonical text of a prefix, or {@code text} unchanged when it is not one (validation reports it). */
    static String canonical(String text) {
        return parse(text).map(Cidr::toString).orElse(text);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
