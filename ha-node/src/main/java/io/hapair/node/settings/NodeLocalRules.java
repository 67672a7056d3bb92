package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import java.util.List;
import java.util.Optional;

/** What makes the node-local network settings valid. */
final class NodeLocalRules {

    private static final String CIDR_HINT = "an address with prefix length such as 10.0.1.5/24";

    static final DocumentRules<DefaultGateway> DEFAULT_GATEWAY = (gateway, findings) -> {
        findings.ipv4("ipv4", gateway.ipv4());
        findings.ipv6("ipv6", gateway.ipv6());
    };

    static final DocumentRules<InterfaceAddress> INTERFACE_ADDRESS = (address, findings) -> {
        if (findings.required("interfaceName", address.interfaceName(), "the interface, such as eth0")) {
            findings.interfaceName("interfaceName", address.interfaceName());
        }
        findings.required("address", address.address(), Findings.ADDRESS_HINT);
        findings.address("address", address.address());
        findings.required("prefixLength", address.prefixLength(), "the netmask as a prefix length, such as 24");
        boolean ipv6 = IpAddress.parse(address.address()).map(IpAddress::isIpv6).orElse(false);
        findings.range("prefixLength", address.prefixLength(), 1, ipv6 ? 128 : 32);
    };

    static final DocumentRules<Hostname> HOSTNAME = (hostname, findings) -> {
        findings.required("name", hostname.name(), "a host name such as lb-1");
        if (hostname.name() != null && hostname.name().contains(".")) {
            findings.error("name", "give the host name alone, such as lb-1; the domain has its own setting");
        } else {
            findings.dnsName("name", hostname.name(), 1);
        }
    };

    static final DocumentRules<NameServer> NAME_SERVER = (nameServer, findings) -> {
        // Three: the most the resolver library reads (MAXNS in resolv.h); more would be ignored silently.
        if (nameServer.addresses().isEmpty() || nameServer.addresses().size() > 3) {
            findings.error("addresses", "give one to three addresses, such as [\"10.0.0.2\"]");
        }
        addresses(findings, "addresses", nameServer.addresses(), false);
    };

    static final DocumentRules<Domain> DOMAIN = (domain, findings) -> {
        findings.required("name", domain.name(), "a domain such as example.com");
        findings.dnsName("name", domain.name(), 1);
    };

    static final DocumentRules<AdminGateway> ADMIN_GATEWAY = (gateway, findings) -> {
        if (findings.required("interfaceName", gateway.interfaceName(), "the administration interface, such as eth1")) {
            findings.interfaceName("interfaceName", gateway.interfaceName());
        }
        findings.required("address", gateway.address(), Findings.ADDRESS_HINT);
        findings.address("address", gateway.address());
    };

    static final DocumentRules<AdminCertificate> ADMIN_CERTIFICATE = (certificate, findings) -> {
        if (certificate.certificateChain() != null || certificate.privateKey() != null) {
            ApplianceRules.pemPair(certificate.certificateChain(), certificate.privateKey(), findings);
        }
    };

    static final DocumentRules<InterfaceSettings> INTERFACE = (settings, findings) -> {
        if (findings.required("name", settings.name(), "the interface, such as eth0")) {
            findings.interfaceName("name", settings.name());
        }
        // 1280 is the least IPv6 allows (RFC 8200); 9216 the largest jumbo frame switches commonly pass.
        findings.range("mtu", settings.mtu(), 1280, 9216);
        addresses(findings, "additionalAddresses", settings.additionalAddresses(), true);
    };

    static final DocumentRules<Vlan> VLAN = (vlan, findings) -> {
        if (findings.required("interfaceName", vlan.interfaceName(), "the parent interface, such as eth0")) {
            findings.interfaceName("interfaceName", vlan.interfaceName());
        }
        findings.required("vlanId", vlan.vlanId(), "the VLAN tag, from 1 to 4094");
        findings.range("vlanId", vlan.vlanId(), 1, 4094); // 0 and 4095 are reserved by 802.1Q
        addresses(findings, "addresses", vlan.addresses(), true);
    };

    static final DocumentRules<Vxlan> VXLAN = (vxlan, findings) -> {
        if (findings.required("name", vxlan.name(), "the tunnel interface, such as vxlan10")) {
            findings.interfaceName("name", vxlan.name());
        }
        findings.required("vni", vxlan.vni(), "the VXLAN network identifier, from 1 to 16777215");
        findings.range("vni", vxlan.vni(), 1, 16_777_215); // 24 bits
        if (findings.required("interfaceName", vxlan.interfaceName(), "the underlay interface, such as eth0")) {
            findings.interfaceName("interfaceName", vxlan.interfaceName());
        }
        findings.required("remote", vxlan.remote(), Findings.ADDRESS_HINT);
        findings.address("remote", vxlan.remote());
        findings.port("port", vxlan.port());
        addresses(findings, "addresses", vxlan.addresses(), true);
    };

    static final DocumentRules<Route> ROUTE = NodeLocalRules::route;

    private NodeLocalRules() {
    }

    private static void route(Route route, Findings findings) {
        if (findings.required("name", route.name(), "a name such as to-on-premises")) {
            findings.name("name", route.name());
        }
        if (findings.required("destination", route.destination(), "the network, such as 192.168.0.0/16")) {
            findings.cidr("destination", route.destination());
        }
        findings.required("gateway", route.gateway(), Findings.ADDRESS_HINT);
        findings.address("gateway", route.gateway());
        findings.interfaceName("interfaceName", route.interfaceName());
        Optional<IpPrefix> destination = IpPrefix.parse(route.destination());
        Optional<IpAddress> gateway = IpAddress.parse(route.gateway());
        if (destination.isEmpty() || gateway.isEmpty()) {
            return;
        }
        IpAddress network = destination.get().network();
        if (!destination.get().isNetwork()) {
            findings.error("destination", "has host bits set; give the network, "
                    + network + "/" + destination.get().length());
        }
        if (gateway.get().isIpv6() != network.isIpv6()) {
            findings.error("gateway", "is not of the destination's family; give an "
                    + (network.isIpv6() ? "IPv6" : "IPv4") + " gateway");
        }
    }

    /** Each element present and an address, or an address with prefix length when {@code withPrefix}. */
    private static void addresses(Findings findings, String field, List<String> values, boolean withPrefix) {
        for (int i = 0; i < values.size(); i++) {
            String element = field + "[" + i + "]";
            if (findings.required(element, values.get(i), withPrefix ? CIDR_HINT : Findings.ADDRESS_HINT)) {
                if (withPrefix) {
                    findings.cidr(element, values.get(i));
                } else {
                    findings.address(element, values.get(i));
                }
            }
        }
    }
}
