package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import java.util.List;

/**
 * The node's DNS resolvers (node-local: each node asks the resolvers of its own network).
 *
 * @param addresses one to three addresses, asked in this order (the resolver library reads no more)
 */
public record NameServer(List<String> addresses) {

    public NameServer {
        addresses = addresses == null ? List.of() : addresses.stream().map(IpAddress::canonical).toList();
    }
}
