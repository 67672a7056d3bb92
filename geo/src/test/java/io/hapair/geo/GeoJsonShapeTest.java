package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents bind with a plain ObjectMapper: camelCase fields, kebab-case enum values, defaults filled. */
class GeoJsonShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void anFqdnReadsFromItsDocumentedShape() throws Exception {
        GeoFqdn fqdn = JSON.readValue("""
                {"fqdn": "WWW.Example.com.", "selection": "weighted-round-robin", "ttlSeconds": 30,
                 "mappings": [{"target": "FD00:0::1", "weight": 3}, {"target": "eu-west", "enabled": false}],
                 "lastResort": "10.0.0.9"}
                """, GeoFqdn.class);

        assertThat(fqdn).isEqualTo(new GeoFqdn("www.example.com", GeoFqdn.Selection.WEIGHTED_ROUND_ROBIN, 30,
                List.of(new GeoMapping("fd00::1", 3, true), new GeoMapping("eu-west", 1, false)), "10.0.0.9"));
    }

    @Test
    void missingFieldsTakeTheirDefaults() throws Exception {
        GeoFqdn fqdn = JSON.readValue("{\"fqdn\": \"www.example.com\"}", GeoFqdn.class);
        GeoCluster cluster = JSON.readValue("{\"name\": \"eu-west\", \"address\": \"10.1.0.4\"}", GeoCluster.class);

        assertThat(fqdn.selection()).isEqualTo(GeoFqdn.Selection.ROUND_ROBIN);
        assertThat(fqdn.ttlSeconds()).isEqualTo(GeoFqdn.DEFAULT_TTL_SECONDS);
        assertThat(fqdn.mappings()).isEmpty();
        assertThat(fqdn.lastResort()).isNull();
        assertThat(cluster.type()).isEqualTo(GeoCluster.Type.DEFAULT);
    }

    @Test
    void aClusterWritesKebabCaseTypeAndCanonicalAddress() throws Exception {
        GeoCluster cluster = new GeoCluster("us-east", "2001:DB8:0::4", GeoCluster.Type.REMOTE,
                new GeoLocation(40.7, -74.0));

        assertThat(JSON.writeValueAsString(cluster)).isEqualTo(
                "{\"name\":\"us-east\",\"address\":\"2001:db8::4\",\"type\":\"remote\","
                        + "\"location\":{\"latitude\":40.7,\"longitude\":-74.0}}");
    }

    @Test
    void partnersAndRemoteAccessRoundTrip() throws Exception {
        GeoPartner partner = new GeoPartner("10.2.0.4", "dc-2");
        RemoteGeoAccess access = new RemoteGeoAccess("10.3.0.4", "monitoring");

        assertThat(JSON.readValue(JSON.writeValueAsString(partner), GeoPartner.class)).isEqualTo(partner);
        assertThat(JSON.readValue(JSON.writeValueAsString(access), RemoteGeoAccess.class)).isEqualTo(access);
    }
}
