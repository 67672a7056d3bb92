package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;

/**
 * An additional static route (node-local).
 *
 * @param name the document's id, so that two routes to one destination (via two interfaces) can coexist
 * @param destination the network, such as 192.168.0.0/16
 * @param gateway the next hop, of the destination's family
 * @param interfaceName the interface to leave by; absent lets the kernel choose from the gateway
 */
public record Route(String name, String destination, String gateway, String interfaceName) {

    public Route {
        destination = IpPrefix.canonical(destination);
        gateway = IpAddress.canonical(gateway);
    }
}
