package io.hapair.node.settings;

import static io.hapair.node.settings.SettingsFixtures.GEO_CLUSTER;
import static io.hapair.node.settings.SettingsFixtures.GEO_FQDN;
import static io.hapair.node.settings.SettingsFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.GeoPartner;
import io.hapair.node.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoValidationTest {

    /** Each row edits the type's valid example; value ABSENT removes the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        an FQDN needs two labels                 | geo-fqdns            | fqdn               | "www"            | fqdn               | at least 2 of them
        an FQDN is required                      | geo-fqdns            | fqdn               | ABSENT           | fqdn               | required: give a fully qualified name
        an FQDN label may not start with a dash  | geo-fqdns            | fqdn               | "-a.example.com" | fqdn               | not a valid DNS name
        a TTL of 0 is refused                    | geo-fqdns            | ttlSeconds         | 0                | ttlSeconds         | from 1 to 86400
        an unknown selection lists the choices   | geo-fqdns            | selection          | "nearest"        | selection          | give one of round-robin, weighted-round-robin, fixed-weighting, proximity
        a mapping target is an address or a name | geo-fqdns            | mappings[0].target | "10.0.0.01"      | mappings[0].target | neither an IP address nor a GEO cluster name
        a mapping target is required             | geo-fqdns            | mappings[0].target | ABSENT           | mappings[0].target | required: give a GEO cluster's name or an IPv4
        a target mapped twice is refused         | geo-fqdns            | mappings[1].target | "10.0.0.4"       | mappings[1].target | mappings[0] has the same target
        a mapping weight over 65535 is refused   | geo-fqdns            | mappings[0].weight | 65536            | mappings[0].weight | from 0 to 65535
        a last resort is an address or a name    | geo-fqdns            | lastResort         | "two words"      | lastResort         | neither an IP address nor a GEO cluster name
        a cluster name never reads as an address | geo-clusters         | name               | "10.1.0.4"       | name               | starting with a letter
        a cluster address is not a host name     | geo-clusters         | address            | "eu.example.com" | address            | is not an IP address
        a cluster type lists the choices         | geo-clusters         | type               | "global"         | type               | give one of default, local, remote
        a latitude over 90 is refused            | geo-clusters         | location.latitude  | 91               | location.latitude  | out of range; give decimal degrees from -90 to 90
        a location needs both coordinates        | geo-clusters         | location.longitude | ABSENT           | location.longitude | required: give decimal degrees from -180 to 180
        a remote cluster is not checked here     | geo-clusters         | check              | {}               | check              | a remote cluster's health comes from its GEO health API; remove check, or set type to default
        a partner address is required            | geo-partners         | address            | ABSENT           | address            | required
        a partner name is one line               | geo-partners         | name               | "dc\\n2"         | name               | on one line
        a remote access entry is an address      | geo-remote-access    | address            | "any"            | address            | is not an IP address
        a client location needs a network        | geo-client-locations | networks           | []               | networks           | required: give at least one network
        a client network has a prefix length     | geo-client-locations | networks[1]        | "2001:db8::"     | networks[1]        | is not a network; give a network such as 10.1.0.0/16
        a client network has no host bits        | geo-client-locations | networks[0]        | "10.1.2.3/16"    | networks[0]        | has host bits set; give the network, 10.1.0.0/16
        a client network fits its family         | geo-client-locations | networks[0]        | "10.1.0.0/33"    | networks[0]        | is not a network
        a client network is listed once          | geo-client-locations | networks[1]        | "10.1.0.0/16"    | networks[1]        | networks[0] is the same network
        a client location needs a place          | geo-client-locations | location           | ABSENT           | location           | required: give where these clients are
        a client latitude under -90 is refused   | geo-client-locations | location.latitude  | -90.5            | location.latitude  | from -90 to 90
        a client longitude over 180 is refused   | geo-client-locations | location.longitude | 180.1            | location.longitude | from -180 to 180
        a client location name is a name         | geo-client-locations | name               | "10.1.0.0"       | name               | starting with a letter
        """)
    void invalidGeoFieldsAreRefusedByPath(String behaviour, String apiPath, String path, String value,
            String field, String message) {
        SettingsFixtures.assertExampleRefused(apiPath, path, value, field, message);
    }

    /** Each row edits the check of a valid default cluster; value ABSENT removes the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        a check port of 0 is refused                | {"type": "tcp"}                     | port         | 0          | check.port         | from 1 to 65535
        a check port over 65535 is refused          | {"type": "http"}                    | port         | 65536      | check.port         | from 1 to 65535
        an http path starts with a slash            | {"type": "http"}                    | path         | "health"   | check.path         | give an absolute path such as /health
        an https path has no spaces                 | {"type": "https"}                   | path         | "/a b"     | check.path         | give an absolute path such as /health
        an expected status is an HTTP status        | {"type": "http"}                    | expectStatus | 600        | check.expectStatus | from 100 to 599
        a tcp check has no path                     | {"type": "tcp"}                     | path         | "/"        | check.path         | only http and https checks have one
        a tcp check expects no status               | {"type": "tcp"}                     | expectStatus | 200        | check.expectStatus | only http and https checks have one
        a none check asks no port                   | {"type": "none"}                    | port         | 80         | check.port         | a check of type none asks no port
        a check type lists the choices              | {"type": "tcp"}                     | type         | "icmp"     | check.type         | give one of tcp, http, https, none
        a check has no unknown fields               | {"type": "tcp"}                     | interval     | 5          | check.interval     | unknown field
        """)
    void invalidChecksAreRefusedByPath(String behaviour, String check, String field, String value, String path,
                                       String message) {
        String cluster = with(with(GEO_CLUSTER, "type", "\"default\""), "check", check);

        SettingsFixtures.assertRefused(SettingsType.GEO_CLUSTERS, cluster, "check." + field, value, path, message);
    }

    @ParameterizedTest(name = "a default cluster with check {0} is valid")
    @CsvSource(delimiter = '|', value = {
        "{}",
        "{\"type\": \"none\"}",
        "{\"type\": \"tcp\", \"port\": 22}",
        "{\"type\": \"https\", \"port\": 8443, \"path\": \"/health?full=1\", \"expectStatus\": 204}",
    })
    void aDefaultClusterTakesEveryKindOfCheck(String check) {
        Parsed<GeoCluster> parsed = SettingsCodec.parse(SettingsType.GEO_CLUSTERS,
                with(with(GEO_CLUSTER, "type", "\"default\""), "check", check));

        assertThat(parsed.errors()).isEmpty();
    }

    @Test
    void anFqdnIsStoredInLowerCaseWithoutTheTrailingDotAndClashesSo() {
        GeoFqdn stored = SettingsFixtures.parsed(SettingsType.GEO_FQDNS, GEO_FQDN);

        Parsed<GeoFqdn> parsed = SettingsCodec.parse(SettingsType.GEO_FQDNS,
                with(GEO_FQDN, "fqdn", "\"WWW.Example.COM.\""), List.of(stored));

        assertThat(parsed.errors()).containsExactly(new FieldError("fqdn",
                "GEO FQDN 'www.example.com' exists already; choose another fqdn, or change that one"));
    }

    @Test
    void aClientNetworkInAnotherLocationIsRefusedWhateverItsSpelling() {
        GeoClientLocation stored = new GeoClientLocation("new-york-clients", List.of("2001:db8::/32"),
                new GeoLocation(40.7, -74.0));

        Parsed<GeoClientLocation> parsed = SettingsCodec.parse(SettingsType.GEO_CLIENT_LOCATIONS,
                with(SettingsFixtures.GEO_CLIENT_LOCATION, "networks", "[\"10.1.0.0/16\", \"2001:DB8:0::/32\"]"),
                List.of(stored));

        assertThat(parsed.errors()).containsExactly(new FieldError("networks[1]", "2001:db8::/32 is already in client "
                + "location 'new-york-clients'; a client has one place, so remove it from one of them"));
    }

    @Test
    void aPartnerAddressClashesWhateverItsSpelling() {
        GeoPartner stored = new GeoPartner("fd00::4", "dc-2");

        assertThat(SettingsCodec.parse(SettingsType.GEO_PARTNERS, "{\"address\": \"FD00:0::4\"}", List.of(stored))
                .errors()).extracting(FieldError::field).containsExactly("address");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        no enabled mapping and no last resort answers nothing | [{"target": "eu-west", "enabled": false}] | null       | answers nothing
        no mapping at all answers only the last resort         | []                                         | "10.9.0.4" | answers only its last resort
        """)
    void anFqdnWithoutEnabledMappingsIsAWarning(String behaviour, String mappings, String lastResort, String warning) {
        Parsed<GeoFqdn> parsed = SettingsCodec.parse(SettingsType.GEO_FQDNS,
                with(with(GEO_FQDN, "mappings", mappings), "lastResort", lastResort));

        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.warnings()).singleElement().asString().contains(warning);
    }
}
