package io.hapair.node.peer;

import java.util.List;

/**
 * The partner's address as the link uses it: the configured one, or what the partner's DNS name resolved
 * to last (at start and at each reconnect). The link dials the first address; connections and heartbeat
 * datagrams are accepted from any of them. Written on the node's event loop, read by the status too.
 */
final class PartnerAddress {

    private final String name;
    private volatile List<String> addresses;

    /** {@code name} is the partner's DNS name, null when {@code address} was configured as it is. */
    PartnerAddress(String name, String address) {
        this.name = name;
        this.addresses = List.of(address);
    }

    /** The DNS name to resolve again, or null. */
    String name() {
        return name;
    }

    String dial() {
        return addresses.get(0);
    }

    boolean accepts(String source) {
        return addresses.contains(source);
    }

    /** Takes a new resolution; returns whether it differs from the last. */
    boolean resolved(List<String> now) {
        if (now.isEmpty() || now.equals(addresses)) {
            return false;
        }
        addresses = List.copyOf(now);
        return true;
    }

    @Override
    public String toString() {
        return String.join(", ", addresses);
    }
}
