package io.hapair.node.settings;

import static io.hapair.node.settings.SettingsFixtures.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.validation.FieldError;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsCodecTest {

    static Stream<SettingsType<?>> allTypes() {
        return SettingsType.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTypes")
    void everyTypeParsesItsExampleAndReadsBackItsCanonicalJson(SettingsType<?> type) {
        assertRoundTrip(type);
    }

    @Test
    void noBodyAtAllIsAnEmptyBody() {
        assertThat(SettingsCodec.parse(SettingsType.WUI, null).errors())
                .containsExactly(new FieldError("body", "is empty; send one JSON object"));
    }

    private static <T extends Record> void assertRoundTrip(SettingsType<T> type) {
        Parsed<T> parsed = SettingsCodec.parse(type, SettingsFixtures.example(type));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.warnings()).isEmpty();

        String canonical = SettingsCodec.toJson(parsed.document());
        Parsed<T> again = SettingsCodec.parse(type, canonical);

        assertThat(again.document()).isEqualTo(parsed.document());
        assertThat(SettingsCodec.toJson(again.document())).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        broken JSON says where                | {"name": "web",,}     | is not valid JSON: Unexpected character (',' (code 44)): was expecting double-quote to start field name at line 1, column 16; send one JSON object
        an array is not a document            | [1, 2]                | send one JSON object ({...}), not array
        a string is not a document            | "web"                 | send one JSON object ({...}), not string
        an empty body is refused              | ``                    | is empty; send one JSON object
        a field given twice is refused        | {"port": 1, "port": 2} | is not valid JSON: Duplicate field 'port'
        a second document after the first     | {} {}                 | is not valid JSON: Trailing token
        """)
    void aBodyThatIsNotOneJsonObjectIsRefusedAsAWhole(String behaviour, String body, String message) {
        Parsed<VirtualService> parsed = SettingsCodec.parse(SettingsType.VIRTUAL_SERVICES, body);

        assertThat(parsed.document()).isNull();
        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("body");
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void aVirtualServiceHasThisCanonicalJson() {
        VirtualService vs = SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, """
                {"protocol": "tcp", "port": 80, "name": "web", "address": "FD00:0::10",
                 "realServers": [{"port": 8080, "address": "fd00::1:4"}]}
                """);

        assertThat(SettingsCodec.toJson(vs)).isEqualTo("{\"address\":\"fd00::10\",\"certificates\":[],"
                + "\"enabled\":true,\"healthCheck\":{\"intervalSeconds\":5,\"retries\":2,\"rise\":2,"
                + "\"type\":\"tcp-connect\"},"
                + "\"idleTimeoutSeconds\":240,\"name\":\"web\",\"persistence\":{\"mode\":\"none\"},\"port\":80,"
                + "\"protocol\":\"tcp\",\"realServers\":[{\"address\":\"fd00::1:4\",\"backup\":false,\"enabled\":true,"
                + "\"port\":8080,\"weight\":1}],\"scheduling\":\"round-robin\"}");
    }

    @Test
    void aStoredVirtualServiceWithTheDefaultsSharesThemWithEveryOther() {
        VirtualService stored = SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, SettingsCodec.toJson(
                SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, """
                        {"name": "web", "address": "10.0.0.10", "port": 80, "protocol": "tcp"}
                        """)));
        VirtualService own = SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES, """
                {"name": "own", "address": "10.0.0.10", "port": 81, "protocol": "tcp", "idleTimeoutSeconds": 60,
                 "persistence": {"mode": "source-ip"}, "healthCheck": {"type": "http"}}
                """);

        assertThat(stored.healthCheck()).isSameAs(HealthCheck.TCP_CONNECT);
        assertThat(stored.persistence()).isSameAs(Persistence.NONE);
        assertThat(stored.idleTimeoutSeconds()).isSameAs(SettingsCodec.readStored(SettingsType.VIRTUAL_SERVICES,
                SettingsCodec.toJson(stored)).idleTimeoutSeconds());
        assertThat(own.healthCheck().path()).isEqualTo("/");
        assertThat(own.persistence().mode()).isEqualTo(Persistence.Mode.SOURCE_IP);
        assertThat(own.idleTimeoutSeconds()).isEqualTo(60);
    }

    @Test
    void documentsThatMeanTheSameHaveTheSameCanonicalJson() {
        String reordered = """
                {"realServers": [{"weight": 1, "port": 8080, "address": "FD00::1:4"}], "address": "fd00:0:0::10",
                 "name": "web", "port": 80, "protocol": "tcp", "scheduling": "round-robin", "enabled": true}
                """;
        String minimal = "{\"name\": \"web\", \"address\": \"fd00::10\", \"port\": 80, \"protocol\": \"tcp\","
                + " \"realServers\": [{\"address\": \"fd00::1:4\", \"port\": 8080}]}";

        assertThat(SettingsCodec.toJson(SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, reordered)))
                .isEqualTo(SettingsCodec.toJson(SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, minimal)));
    }

    @Test
    void aVlanWritesItsFieldsButNotItsDerivedId() {
        Vlan vlan = SettingsFixtures.parsed(SettingsType.VLANS, SettingsFixtures.example(SettingsType.VLANS));

        assertThat(SettingsCodec.toJson(vlan))
                .isEqualTo("{\"addresses\":[\"10.100.0.4/24\"],\"interfaceName\":\"eth0\",\"vlanId\":100}");
    }

    @Test
    void validateChecksADocumentBuiltInCodeTheSameWay() {
        VirtualService vs = SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, VIRTUAL_SERVICE);
        VirtualService broken = new VirtualService(vs.name(), vs.address(), 0, vs.protocol(), vs.certificates(), null,
                null, null, null, null, vs.realServers());

        assertThat(SettingsCodec.validate(SettingsType.VIRTUAL_SERVICES, vs, List.of()).isValid()).isTrue();
        assertThat(SettingsCodec.validate(SettingsType.VIRTUAL_SERVICES, broken, List.of()).errors())
                .extracting(FieldError::field).containsExactly("port");
    }
}
