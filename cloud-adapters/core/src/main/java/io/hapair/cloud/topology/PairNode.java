package io.hapair.cloud.topology;

import java.util.Objects;

/**
 * One appliance of the pair: its role name ({@code node1} is the master, {@code node2} the slave)
 * and its private IPv4 address, which security rules and diagnostics refer to.
 */
public record PairNode(String name, String address) {

    public PairNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}
