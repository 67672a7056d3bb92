package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import java.util.List;

/**
 * A VXLAN tunnel to one remote endpoint (node-local). Unicast only: the clouds carry no multicast.
 *
 * @param name the tunnel interface, such as vxlan10; the document's id
 * @param vni the VXLAN network identifier, 1 to 16777215
 * @param interfaceName the underlay interface the tunnel leaves by
 * @param remote the remote tunnel endpoint (canonical form)
 * @param port the UDP port of the tunnel
 * @param addresses the tunnel interface's addresses with prefix length
 */
public record Vxlan(String name, Integer vni, String interfaceName, String remote, Integer port,
                    List<String> addresses) {

    // IANA's VXLAN port (RFC 7348); Linux defaults to 8472 for history, which peers rarely expect.
    public static final int DEFAULT_PORT = 4789;

    public Vxlan {
        remote = IpAddress.canonical(remote);
        port = port == null ? DEFAULT_PORT : port;
        addresses = addresses == null ? List.of() : addresses.stream().map(IpPrefix::canonical).toList();
    }
}
