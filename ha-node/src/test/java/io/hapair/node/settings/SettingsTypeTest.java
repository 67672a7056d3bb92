package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoPartner;
import io.hapair.geo.GeoRewrite;
import io.hapair.geo.IpAddress;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTypeTest {

    /** DESIGN.md, "Settings and sync", never synced: each item by name, the type that holds it, and its parts. */
    static Stream<Arguments> designNodeLocalList() {
        return Stream.of(
                Arguments.of("default gateway (IPv4 and IPv6)", SettingsType.DEFAULT_GATEWAY, List.of("ipv4", "ipv6")),
                Arguments.of("IP addresses and netmasks", SettingsType.IP_ADDRESSES, List.of("address", "prefixLength")),
                Arguments.of("hostname", SettingsType.HOSTNAME, List.of("name")),
                Arguments.of("name server", SettingsType.NAME_SERVER, List.of("addresses")),
                Arguments.of("domain", SettingsType.DOMAIN, List.of("name")),
                Arguments.of("admin default gateway", SettingsType.ADMIN_GATEWAY, List.of("address")),
                Arguments.of("administrative certificate settings", SettingsType.ADMIN_CERTIFICATE,
                        List.of("certificateChain", "privateKey")),
                Arguments.of("interface settings (link status, speed/duplex, MTU, additional addresses)",
                        SettingsType.INTERFACES, List.of("linkUp", "speedDuplex", "mtu", "additionalAddresses")),
                Arguments.of("VLAN", SettingsType.VLANS, List.of("vlanId")),
                Arguments.of("VXLAN", SettingsType.VXLANS, List.of("vni")),
                Arguments.of("additional routes", SettingsType.ROUTES, List.of("destination", "gateway")));
    }

    /** Issue 3's synced documents, each by name, and those issues added since. */
    static Stream<Arguments> issueSyncedList() {
        return Stream.of(
                Arguments.of("virtual services", SettingsType.VIRTUAL_SERVICES),
                Arguments.of("GEO FQDNs", SettingsType.GEO_FQDNS),
                Arguments.of("GEO clusters", SettingsType.GEO_CLUSTERS),
                Arguments.of("GEO partners", SettingsType.GEO_PARTNERS),
                Arguments.of("remote GEO access list", SettingsType.GEO_REMOTE_ACCESS),
                // Issue 8 adds one more, shared like the rest of GEO.
                Arguments.of("GEO client locations", SettingsType.GEO_CLIENT_LOCATIONS),
                Arguments.of("syslog targets", SettingsType.SYSLOG_TARGETS),
                Arguments.of("NTP servers", SettingsType.NTP_SERVERS),
                Arguments.of("SNMP", SettingsType.SNMP),
                Arguments.of("WUI session timeout", SettingsType.WUI),
                Arguments.of("certificates used by virtual services", SettingsType.VS_CERTIFICATES));
    }

    @ParameterizedTest(name = "DESIGN.md never syncs: {0}")
    @MethodSource("designNodeLocalList")
    void eachItemOfTheDesignsNodeLocalListIsANodeLocalType(String item, SettingsType<?> type, List<String> parts) {
        assertThat(type.synced()).as(item).isFalse();
        assertThat(Arrays.stream(type.documentClass().getRecordComponents()).map(RecordComponent::getName))
                .as("fields of %s", item).containsAll(parts);
    }

    @ParameterizedTest(name = "synced: {0}")
    @MethodSource("issueSyncedList")
    void eachSyncedItemOfTheIssueIsASyncedType(String item, SettingsType<?> type) {
        assertThat(type.synced()).as(item).isTrue();
    }

    @Test
    void theNodeLocalTypesAreExactlyTheDesignsListAndEverythingElseIsSynced() {
        Set<SettingsType<?>> designList = designNodeLocalList().map(a -> (SettingsType<?>) a.get()[1])
                .collect(Collectors.toSet());

        assertThat(SettingsType.ALL.stream().filter(t -> !t.synced())).containsExactlyInAnyOrderElementsOf(designList);
        assertThat(SettingsType.ALL.stream().filter(SettingsType::synced))
                .containsExactlyInAnyOrderElementsOf(issueSyncedList().map(a -> (SettingsType<?>) a.get()[1]).toList());
    }

    @Test
    void apiPathsAreUniqueKebabCaseAndFindTheirType() {
        assertThat(SettingsType.ALL.stream().map(SettingsType::apiPath)).doesNotHaveDuplicates()
                .allMatch(path -> path.matches("[a-z]+(-[a-z]+)*"));
        for (SettingsType<?> type : SettingsType.ALL) {
            assertThat(SettingsType.byApiPath(type.apiPath())).containsSame(type);
        }
        assertThat(SettingsType.byApiPath("virtual-service")).isEmpty();
    }

    @ParameterizedTest(name = "{0}: singleton {1}, id from {2}")
    @CsvSource({
        "virtual-services,  false, name",
        "geo-fqdns,         false, fqdn",
        "geo-clusters,      false, name",
        "geo-partners,      false, address",
        "geo-remote-access, false, address",
        "geo-client-locations, false, name",
        "syslog-targets,    false, host",
        "ntp-servers,       false, host",
        "vs-certificates,   false, name",
        "ip-addresses,      false, interfaceName",
        "interfaces,        false, name",
        "vlans,             false, vlanId",
        "vxlans,            false, name",
        "routes,            false, name",
        "snmp,              true,  ",
        "wui,               true,  ",
        "default-gateway,   true,  ",
        "hostname,          true,  ",
        "name-server,       true,  ",
        "domain,            true,  ",
        "admin-gateway,     true,  ",
        "admin-certificate, true,  ",
    })
    void collectionsTakeTheirIdFromAFieldAndSingletonsHaveOne(String apiPath, boolean singleton, String idField) {
        SettingsType<?> type = SettingsType.byApiPath(apiPath).orElseThrow();

        assertThat(type.singleton()).isEqualTo(singleton);
        assertThat(type.idField()).isEqualTo(idField);
    }

    @Test
    void idsAreDerivedFromTheDocument() {
        assertThat(idOf(SettingsType.VIRTUAL_SERVICES)).isEqualTo("web");
        assertThat(idOf(SettingsType.GEO_FQDNS)).isEqualTo("www.example.com");
        assertThat(idOf(SettingsType.GEO_PARTNERS)).isEqualTo("10.2.0.4");
        assertThat(idOf(SettingsType.VLANS)).isEqualTo("eth0.100");
        assertThat(idOf(SettingsType.SNMP)).isEqualTo("snmp");
        assertThat(idOf(SettingsType.HOSTNAME)).isEqualTo("hostname");
    }

    @Test
    void onReceiptRewritesGeoFqdnsAndClustersOnly() {
        GeoRewrite atSlave = GeoRewrite.atReceiver(IpAddress.parse("10.0.0.4").orElseThrow(),
                IpAddress.parse("10.0.0.5").orElseThrow());
        GeoFqdn fqdn = SettingsFixtures.parsed(SettingsType.GEO_FQDNS, SettingsFixtures.GEO_FQDN);
        GeoCluster cluster = new GeoCluster("local", "10.0.0.4", GeoCluster.Type.LOCAL, null);
        GeoPartner partner = new GeoPartner("10.0.0.4", "the master itself");
        VirtualService vs = SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES,
                SettingsFixtures.with(SettingsFixtures.VIRTUAL_SERVICE, "address", "\"10.0.0.4\""));

        assertThat(SettingsType.GEO_FQDNS.onReceipt(fqdn, atSlave).mappings().get(0).target()).isEqualTo("10.0.0.5");
        assertThat(SettingsType.GEO_CLUSTERS.onReceipt(cluster, atSlave).address()).isEqualTo("10.0.0.5");
        assertThat(SettingsType.GEO_PARTNERS.onReceipt(partner, atSlave)).isSameAs(partner);
        GeoClientLocation clients = SettingsFixtures.parsed(SettingsType.GEO_CLIENT_LOCATIONS,
                SettingsFixtures.GEO_CLIENT_LOCATION);
        assertThat(SettingsType.GEO_CLIENT_LOCATIONS.onReceipt(clients, atSlave)).isSameAs(clients);
        assertThat(SettingsType.VIRTUAL_SERVICES.onReceipt(vs, atSlave)).isSameAs(vs);
    }

    private static <T extends Record> String idOf(SettingsType<T> type) {
        return type.idOf(SettingsFixtures.parsed(type, SettingsFixtures.example(type)));
    }
}
