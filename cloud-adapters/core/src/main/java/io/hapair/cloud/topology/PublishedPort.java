package io.hapair.cloud.topology;

import java.util.Locale;

/** A virtual-service port the pair publishes through the balancer, e.g. 443/TCP. */
public record PublishedPort(int port, Protocol protocol) {

    public PublishedPort {
        if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
            throw new IllegalArgumentException("a published port needs TCP or UDP, not " + protocol);
        }
    }

    @Override
    public String toString() {
        return port + "/" + protocol.name().toLowerCase(Locale.ROOT);
    }
}
