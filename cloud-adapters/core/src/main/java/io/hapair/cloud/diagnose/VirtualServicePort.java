package io.hapair.cloud.diagnose;

import io.hapair.cloud.topology.PublishedPort;

import java.util.Objects;

/**
 * A port an enabled virtual service of a node listens on, as the node's API reported it: clients
 * reach it through the balancer, so the balancer needs a rule for it and the security rules must let
 * clients in. {@code name} is the virtual service's.
 */
public record VirtualServicePort(String name, PublishedPort port) {

    public VirtualServicePort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
    }
}
