package io.hapair.node.settings;

import io.hapair.geo.IpPrefix;
import java.util.List;

/**
 * An 802.1Q VLAN on an interface (node-local).
 *
 * @param interfaceName the parent interface, such as eth0
 * @param vlanId the VLAN tag, 1 to 4094; with the parent it makes the id, such as eth0.100
 * @param addresses the VLAN interface's addresses with prefix length
 */
public record Vlan(String interfaceName, Integer vlanId, List<String> addresses) {

    public Vlan {
        addresses = addresses == null ? List.of() : addresses.stream().map(IpPrefix::canonical).toList();
    }

    /** The id, as Linux names the VLAN interface: parent.tag; null until both are given. */
    public String id() {
        return interfaceName == null || vlanId == null ? null : interfaceName + "." + vlanId;
    }
}
