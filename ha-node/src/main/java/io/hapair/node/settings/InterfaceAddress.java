package io.hapair.node.settings;

import io.hapair.geo.IpAddress;

/**
 * The primary IP address and netmask of one interface (node-local: the two nodes differ here by design).
 * More addresses of an interface are in {@link InterfaceSettings#additionalAddresses()}.
 *
 * @param interfaceName the interface, such as eth0; the document's id
 * @param address its address (canonical form)
 * @param prefixLength the netmask as a prefix length: 24 is 255.255.255.0
 */
public record InterfaceAddress(String interfaceName, String address, Integer prefixLength) {

    public InterfaceAddress {
        address = IpAddress.canonical(address);
    }
}
