package io.hapair.node.settings;

import io.hapair.geo.IpAddress;

/**
 * The default gateway of the administration interface, when administration has its own network
 * (node-local).
 *
 * @param interfaceName the administration interface, such as eth1
 * @param address the gateway (canonical form)
 */
public record AdminGateway(String interfaceName, String address) {

    public AdminGateway {
        address = IpAddress.canonical(address);
    }
}
