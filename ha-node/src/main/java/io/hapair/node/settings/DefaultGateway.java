package io.hapair.node.settings;

import io.hapair.geo.IpAddress;

/**
 * The node's default gateways (node-local: each node sits in its own subnet position).
 *
 * @param ipv4 the IPv4 default gateway; absent when the node has none
 * @param ipv6 the IPv6 default gateway; absent when the node has none
 */
public record DefaultGateway(String ipv4, String ipv6) {

    public DefaultGateway {
        ipv4 = IpAddress.canonical(ipv4);
        ipv6 = IpAddress.canonical(ipv6);
    }
}
