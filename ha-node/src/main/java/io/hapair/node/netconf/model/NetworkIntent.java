package io.hapair.node.netconf.model;

import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-local network settings the node gives effect on the host: what one stored configuration asks for.
 * {@link NetworkPlan} moves the host from one of these to another, and touches only what they name.
 *
 * @param defaultGateway the default gateways; null when not set
 * @param addresses      the primary address of each interface
 * @param interfaces     link state, speed and duplex, MTU and further addresses per interface
 * @param vlans          the VLAN interfaces the node creates
 * @param vxlans         the VXLAN interfaces the node creates
 * @param routes         the static routes
 * @param adminGateway   the administration interface's own default gateway; null when not set
 */
public record NetworkIntent(DefaultGateway defaultGateway, List<InterfaceAddress> addresses,
                            List<InterfaceSettings> interfaces, List<Vlan> vlans, List<Vxlan> vxlans,
                            List<Route> routes, AdminGateway adminGateway) {

    /** Nothing managed: the host is left as it is. */
    public static final NetworkIntent NONE = new NetworkIntent(null, List.of(), List.of(), List.of(), List.of(),
            List.of(), null);

    public NetworkIntent {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        vlans = vlans == null ? List.of() : List.copyOf(vlans);
        vxlans = vxlans == null ? List.of() : List.copyOf(vxlans);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /**
     * Every address the intent puts on an interface: primary ones, further ones, and those of the VLAN and VXLAN
     * interfaces, each once, in that order.
     */
    List<DeviceAddress> deviceAddresses() {
        List<DeviceAddress> all = new ArrayList<>();
        for (InterfaceAddress address : addresses) {
            all.add(new DeviceAddress(address.interfaceName(), address.address() + "/" + address.prefixLength()));
        }
        for (InterfaceSettings settings : interfaces) {
            settings.additionalAddresses().forEach(cidr -> all.add(new DeviceAddress(settings.name(), cidr)));
        }
        for (Vlan vlan : vlans) {
            vlan.addresses().forEach(cidr -> all.add(new DeviceAddress(vlan.id(), cidr)));
        }
        for (Vxlan vxlan : vxlans) {
            vxlan.addresses().forEach(cidr -> all.add(new DeviceAddress(vxlan.name(), cidr)));
        }
        return all.stream().distinct().toList();
    }

    /** The names of the interfaces the intent creates (VLANs and VXLANs). */
    List<String> createdLinks() {
        List<String> names = new ArrayList<>();
        vlans.forEach(vlan -> names.add(vlan.id()));
        vxlans.forEach(vxlan -> names.add(vxlan.name()));
        return names;
    }

    /** An address with prefix length, such as 10.0.1.5/24, on one interface. */
    record DeviceAddress(String dev, String cidr) {

        /** The address alone, without its prefix length. */
        String address() {
            return cidr.substring(0, cidr.indexOf('/'));
        }

        boolean ipv6() {
            return cidr.indexOf(':') >= 0;
        }
    }
}
