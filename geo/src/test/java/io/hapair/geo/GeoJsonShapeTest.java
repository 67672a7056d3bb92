package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertThat(cluster.check()).isEqualTo(new GeoCheck(GeoCheck.Type.TCP, 80, null, null));
    }

    @ParameterizedTest(name = "check {0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
        "{}                                     | {\"type\":\"tcp\",\"port\":80}",
        "{\"type\": \"http\"}                  | {\"type\":\"http\",\"port\":80,\"path\":\"/\",\"expectStatus\":200}",
        "{\"type\": \"https\", \"path\": \"/up\"} | {\"type\":\"https\",\"port\":443,\"path\":\"/up\",\"expectStatus\":200}",
        "{\"type\": \"tcp\", \"port\": 8080}     | {\"type\":\"tcp\",\"port\":8080}",
        "{\"type\": \"none\"}                  | {\"type\":\"none\"}",
    })
    void aCheckFillsTheDefaultsOfItsType(String check, String written) throws Exception {
        GeoCluster cluster = JSON.readValue("{\"name\": \"eu\", \"address\": \"10.1.0.4\", \"check\": " + check + "}",
                GeoCluster.class);

        assertThat(JSON.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .writeValueAsString(cluster.check())).isEqualTo(written);
    }

    @ParameterizedTest(name = "a {0} cluster without check has none")
    @CsvSource({"local", "remote"})
    void onlyADefaultClusterGetsTheDefaultCheck(String type) throws Exception {
        GeoCluster cluster = JSON.readValue("{\"name\": \"eu\", \"address\": \"10.1.0.4\", \"type\": \"" + type
                + "\"}", GeoCluster.class);

        assertThat(cluster.check()).isNull();
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
