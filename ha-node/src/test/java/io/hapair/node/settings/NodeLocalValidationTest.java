package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeLocalValidationTest {

    /** Each row edits the type's valid example; value ABSENT removes the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        an IPv4 gateway is IPv4                      | default-gateway | ipv4                     | "fd00::1"            | ipv4                     | is not an IPv4 address; give one such as 10.0.0.1
        an IPv6 gateway is IPv6                      | default-gateway | ipv6                     | "10.0.0.1"           | ipv6                     | is not an IPv6 address; give one such as fd00::1
        an IPv4 prefix over 32 is refused            | ip-addresses    | prefixLength             | 33                   | prefixLength             | from 1 to 32
        an interface name has no slash               | ip-addresses    | interfaceName            | "eth0/1"             | interfaceName            | is not an interface name
        an interface name has at most 15 characters  | ip-addresses    | interfaceName            | "ethernet-port-10"   | interfaceName            | 1 to 15
        a netmask is required                        | ip-addresses    | prefixLength             | ABSENT               | prefixLength             | required: give the netmask as a prefix length
        a host name excludes the domain              | hostname        | name                     | "lb-1.example.com"   | name                     | the domain has its own setting
        a host name has no underscore                | hostname        | name                     | "lb_1"               | name                     | not a valid DNS name
        a name server list is not empty              | name-server     | addresses                | []                   | addresses                | give one to three addresses
        a fourth name server would be ignored        | name-server     | addresses                | ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"] | addresses | give one to three addresses
        a name server is an address                  | name-server     | addresses[1]             | "dns.example.com"    | addresses[1]             | is not an IP address
        a domain has no empty label                  | domain          | name                     | "example..com"       | name                     | not a valid DNS name
        an admin gateway needs an address            | admin-gateway   | address                  | ABSENT               | address                  | required
        an MTU under IPv6's minimum is refused       | interfaces      | mtu                      | 1279                 | mtu                      | from 1280 to 9216
        speed and duplex list the choices            | interfaces      | speedDuplex              | "1000-half"          | speedDuplex              | give one of auto, 10-half, 10-full, 100-half, 100-full, 1000-full, 10000-full
        an additional address needs a prefix         | interfaces      | additionalAddresses[0]   | "10.0.0.5"           | additionalAddresses[0]   | with a prefix length
        link status is a boolean                     | interfaces      | linkUp                   | "up"                 | linkUp                   | must be true or false
        VLAN 4095 is reserved                        | vlans           | vlanId                   | 4095                 | vlanId                   | from 1 to 4094
        a VLAN needs its tag                         | vlans           | vlanId                   | ABSENT               | vlanId                   | required: give the VLAN tag
        a VNI has 24 bits                            | vxlans          | vni                      | 16777216             | vni                      | from 1 to 16777215
        a VXLAN needs its remote endpoint            | vxlans          | remote                   | ABSENT               | remote                   | required
        a route to a host address is refused         | routes          | destination              | "192.168.4.5/16"     | destination              | has host bits set; give the network, 192.168.0.0/16
        an IPv4 prefix of 33 is no prefix            | routes          | destination              | "192.168.0.0/33"     | destination              | is not an address with a prefix length
        a route gateway matches the family           | routes          | gateway                  | "fd00::1"            | gateway                  | give an IPv4 gateway
        a route needs a name                         | routes          | name                     | ABSENT               | name                     | required
        """)
    void invalidNodeLocalFieldsAreRefusedByPath(String behaviour, String apiPath, String path, String value,
            String field, String message) {
        SettingsFixtures.assertExampleRefused(apiPath, path, value, field, message);
    }

    @Test
    void anIpv6InterfaceAddressTakesPrefixesUpTo128() {
        String json = "{\"interfaceName\": \"eth0\", \"address\": \"FD00::4\", \"prefixLength\": 64}";

        assertThat(SettingsFixtures.parsed(SettingsType.IP_ADDRESSES, json))
                .isEqualTo(new InterfaceAddress("eth0", "fd00::4", 64));
        assertThat(SettingsCodec.parse(SettingsType.IP_ADDRESSES, json.replace("64", "129")).isValid()).isFalse();
    }

    @Test
    void interfaceDefaultsAreLinkUpAutoNegotiationAndStandardMtu() {
        assertThat(SettingsFixtures.parsed(SettingsType.INTERFACES, "{\"name\": \"eth1\"}"))
                .isEqualTo(new InterfaceSettings("eth1", true, InterfaceSettings.SpeedDuplex.AUTO, 1500, List.of()));
    }

    @Test
    void aVxlanUsesIanasPortAndPrefixesAreStoredCanonically() {
        Vxlan vxlan = SettingsFixtures.parsed(SettingsType.VXLANS, """
                {"name": "vxlan10", "vni": 10, "interfaceName": "eth0", "remote": "FD00:0::5",
                 "addresses": ["FD00:0:0:1::1/64"]}
                """);

        assertThat(vxlan.port()).isEqualTo(4789);
        assertThat(vxlan.remote()).isEqualTo("fd00::5");
        assertThat(vxlan.addresses()).containsExactly("fd00:0:0:1::1/64");
    }

    @Test
    void aSecondVlanWithTheSameParentAndTagClashes() {
        Vlan stored = SettingsFixtures.parsed(SettingsType.VLANS, SettingsFixtures.example(SettingsType.VLANS));

        Parsed<Vlan> parsed = SettingsCodec.parse(SettingsType.VLANS, "{\"interfaceName\": \"eth0\", \"vlanId\": 100}",
                List.of(stored));

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("vlanId");
            assertThat(error.message())
                    .isEqualTo("VLAN 'eth0.100' exists already; choose another vlanId, or change that one");
        });
    }
}
