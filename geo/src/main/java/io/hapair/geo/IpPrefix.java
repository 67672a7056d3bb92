package io.hapair.geo;

import java.util.Optional;

/**
 * An address with a prefix length, {@code 10.1.0.0/16} or {@code 2001:db8::/32}: a network, or an
 * interface address in its network when host bits are set ({@code 10.0.1.5/24}).
 *
 * @param address the address as written (canonical form), host bits included
 * @param length how many leading bits name the network: 0..32 for IPv4, 0..128 for IPv6
 */
public record IpPrefix(IpAddress address, int length) {

    public IpPrefix {
        address.network(length); // refuses a length beyond the family's bits
    }

    /**
     * The prefix that {@code text} spells, or empty: an address literal, '/', and a decimal length
     * without leading zeros that fits the family.
     */
    public static Optional<IpPrefix> parse(String text) {
        return IpAddress.literal(text, true)
                .map(literal -> new IpPrefix(new IpAddress(literal.getHostAddress()), literal.getNetworkPrefixLength()));
    }

    /** The canonical text of a prefix, or {@code text} unchanged when it is not one (validation reports it). */
    public static String canonical(String text) {
        return parse(text).map(IpPrefix::toString).orElse(text);
    }

    /** The network: the address with its host bits cleared. */
    public IpAddress network() {
        return address.network(length);
    }

    /** Whether no host bit is set, so that the text names the network itself. */
    public boolean isNetwork() {
        return network().equals(address);
    }

    /** Whether {@code other} is in this network; an address of the other family never is. */
    public boolean contains(IpAddress other) {
        return address.value().toPrefixBlock(length).contains(other.value());
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
