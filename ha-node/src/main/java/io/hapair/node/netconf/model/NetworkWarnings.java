package io.hapair.node.netconf.model;

import io.hapair.node.netconf.model.HostNetwork.Address;
import io.hapair.node.netconf.model.NetworkIntent.DeviceAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What an operator must know before a network change takes effect, for the API's {@code warnings}. */
public final class NetworkWarnings {

    private NetworkWarnings() {
    }

    /**
     * One warning per interface whose static addresses the change touches while the host has addresses on it from
     * DHCP: in a cloud those come from the NIC's configuration, and the cloud's network delivers only to the
     * addresses it has there.
     */
    public static List<String> of(NetworkIntent stored, NetworkIntent proposed, HostNetwork observed) {
        Set<DeviceAddress> before = new LinkedHashSet<>(stored.deviceAddresses());
        Set<DeviceAddress> after = new LinkedHashSet<>(proposed.deviceAddresses());
        Set<String> touched = new LinkedHashSet<>();
        after.stream().filter(a -> !before.contains(a)).forEach(a -> touched.add(a.dev()));
        before.stream().filter(a -> !after.contains(a)).forEach(a -> touched.add(a.dev()));
        return touched.stream().filter(dev -> observed.addressesOn(dev).stream()
                        .anyMatch(a -> a.dynamic() && a.global()))
                .map(dev -> dev + " has its addresses from DHCP (" + String.join(", ", dhcp(observed, dev))
                        + "), that is from the cloud's NIC configuration: a static address on " + dev
                        + " reaches the network only if the NIC's configuration in the cloud has it too (Azure: the"
                        + " NIC's IP configurations; AWS: the network interface's private IP addresses); change"
                        + " both, or the cloud drops its traffic")
                .toList();
    }

    private static List<String> dhcp(HostNetwork observed, String dev) {
        return observed.addressesOn(dev).stream().filter(a -> a.dynamic() && a.global()).map(Address::cidr).toList();
    }
}
