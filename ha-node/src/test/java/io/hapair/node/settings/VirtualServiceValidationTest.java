package io.hapair.node.settings;

import static io.hapair.node.settings.SettingsFixtures.VIRTUAL_SERVICE;
import static io.hapair.node.settings.SettingsFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualServiceValidationTest {

    private static final SettingsType<VirtualService> VS = SettingsType.VIRTUAL_SERVICES;

    /** Value ABSENT removes the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        a missing name is required                   | name                          | ABSENT          | name                          | required: give a name
        a name starting with a digit is refused      | name                          | "1web"          | name                          | starting with a letter
        a name with a space is refused               | name                          | "my web"        | name                          | not a valid name
        an address out of range is refused           | address                       | "10.0.0.256"    | address                       | is not an IP address
        a host name is no address                    | address                       | "lb.example.com"| address                       | names are not resolved
        port 0 is out of range                       | port                          | 0               | port                          | from 1 to 65535
        port 65536 is out of range                   | port                          | 65536           | port                          | from 1 to 65535
        a port in quotes is refused                  | port                          | "443"           | port                          | must be a whole number
        a fractional port is refused                 | port                          | 443.5           | port                          | must be a whole number
        an unknown protocol lists the choices        | protocol                      | "sctp"          | protocol                      | 'sctp' is not allowed; give one of tcp, http, https
        a missing protocol lists the choices         | protocol                      | ABSENT          | protocol                      | required: give one of tcp, http, https
        udp is refused saying why                    | protocol                      | "udp"           | protocol                      | 'udp' is not supported: the data plane, HAProxy's free edition, balances tcp, http and https only; give one of tcp, http, https
        https needs a certificate                    | certificates                  | ABSENT          | certificates                  | required for https: give the names of virtual-service certificates
        https needs a certificate, not an empty list | certificates                  | []              | certificates                  | required for https
        a certificate name is checked                | certificates[0]               | "1www"          | certificates[0]               | not a valid name
        one certificate named twice is refused       | certificates                  | ["www", "www"]  | certificates[1]               | certificates[0] names 'www' already
        a tcp service presents no certificate        | protocol                      | "tcp"           | certificates                  | only https services present certificates
        an http service presents no certificate      | protocol                      | "http"          | certificates                  | only https services present certificates
        an unknown scheduling lists the choices      | scheduling                    | "fastest"       | scheduling                    | give one of round-robin, weighted-round-robin, least-connection, weighted-least-connection, source-ip-hash
        source-ip persistence needs a timeout        | persistence.timeoutSeconds    | ABSENT          | persistence.timeoutSeconds    | required: give how long a client is remembered
        no persistence has no timeout                | persistence.mode              | "none"          | persistence.timeoutSeconds    | no persistence has no timeout
        a cookie timeout over a day is refused       | persistence                   | {"mode": "cookie", "timeoutSeconds": 86401} | persistence.timeoutSeconds | from 1 to 86400
        an unknown persistence lists the choices     | persistence.mode              | "sticky"        | persistence.mode              | give one of none, source-ip, cookie
        a persistence timeout over a day is refused  | persistence.timeoutSeconds    | 86401           | persistence.timeoutSeconds    | from 1 to 86400
        an idle timeout of 0 is refused              | idleTimeoutSeconds            | 0               | idleTimeoutSeconds            | from 1 to 86400
        an unknown health check type is refused      | healthCheck.type              | "icmp"          | healthCheck.type              | give one of tcp-connect, http
        a relative health check path is refused      | healthCheck.path              | "health"        | healthCheck.path              | absolute path
        a health check path with a space is refused  | healthCheck.path              | "/a b"          | healthCheck.path              | no spaces
        an expected status of 600 is refused         | healthCheck.expectedStatus    | 600             | healthCheck.expectedStatus    | from 100 to 599
        a lower-case method is refused               | healthCheck.method            | "get"           | healthCheck.method            | give one of GET, HEAD, POST
        zero retries are refused                     | healthCheck.retries           | 0               | healthCheck.retries           | from 1 to 10
        zero rise is refused                         | healthCheck.rise              | 0               | healthCheck.rise              | from 1 to 10
        a rise of 11 is refused                      | healthCheck.rise              | 11              | healthCheck.rise              | from 1 to 10
        a zero check interval is refused             | healthCheck.intervalSeconds   | 0               | healthCheck.intervalSeconds   | from 1 to 3600
        a tcp-connect check has no path              | healthCheck.type              | "tcp-connect"   | healthCheck.path              | only http health checks
        a real server port of 70000 is refused       | realServers[1].port           | 70000           | realServers[1].port           | from 1 to 65535
        a real server without port is refused        | realServers[1].port           | ABSENT          | realServers[1].port           | required: give a port
        a real server address is checked             | realServers[0].address        | "10.0.1"        | realServers[0].address        | is not an IP address
        a negative weight is refused                 | realServers[0].weight         | -1              | realServers[0].weight         | from 0 to 256
        a weight over HAProxy's 256 is refused       | realServers[0].weight         | 257             | realServers[0].weight         | from 0 to 256
        a backup flag must be a boolean              | realServers[0].backup         | "yes"           | realServers[0].backup         | must be true or false
        enabled must be a boolean                    | enabled                       | "true"          | enabled                       | must be true or false
        a null real server is refused                | realServers[1]                | null            | realServers[1]                | must not be null
        real servers must be a list                  | realServers                   | {}              | realServers                   | must be a list
        a health check must be an object             | healthCheck                   | "http"          | healthCheck                   | must be an object
        an unknown field is refused                  | prot                          | "tcp"           | prot                          | unknown field; remove it, or use one of address, certificates, enabled
        an unknown nested field is refused           | realServers[0].wieght         | 3               | realServers[0].wieght         | unknown field; remove it, or use one of address, backup, enabled, port, weight
        """)
    void invalidFieldsAreRefusedByPath(String behaviour, String path, String value, String field, String message) {
        SettingsFixtures.assertRefused(VS, VIRTUAL_SERVICE, path, value, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        port 1 is allowed                  | port                  | 1
        port 65535 is allowed              | port                  | 65535
        weight 0 drains and is allowed     | realServers[0].weight | 0
        weight 256 is allowed              | realServers[0].weight | 256
        rise 10 is allowed                 | healthCheck.rise      | 10
        an IPv6 address is allowed         | address               | "FD00:0::10"
        a null optional field is absent    | scheduling            | null
        """)
    void edgeValuesAreAccepted(String behaviour, String path, String value) {
        Parsed<VirtualService> parsed = SettingsCodec.parse(VS, with(VIRTUAL_SERVICE, path, value));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.document()).isNotNull();
    }

    @Test
    void aMinimalServiceGetsTheDocumentedDefaults() {
        VirtualService vs = SettingsFixtures.parsed(VS, """
                {"name": "dns", "address": "FD00:0::53", "port": 53, "protocol": "tcp",
                 "realServers": [{"address": "fd00::1:53", "port": 53}]}
                """);

        assertThat(vs.address()).isEqualTo("fd00::53");
        assertThat(vs.scheduling()).isEqualTo(VirtualService.Scheduling.ROUND_ROBIN);
        assertThat(vs.persistence()).isEqualTo(Persistence.NONE);
        assertThat(vs.idleTimeoutSeconds()).isEqualTo(240);
        assertThat(vs.certificates()).isEmpty();
        assertThat(vs.healthCheck()).isEqualTo(new HealthCheck(HealthCheck.Type.TCP_CONNECT, null, null, null, 5, 2,
                2));
        assertThat(vs.enabled()).isTrue();
        assertThat(vs.realServers()).containsExactly(new RealServer("fd00::1:53", 53, 1, true, false));
    }

    @Test
    void anHttpCheckWithoutDetailsGetsGetSlashAnd200() {
        VirtualService vs = SettingsFixtures.parsed(VS, with(VIRTUAL_SERVICE, "healthCheck", "{\"type\": \"http\"}"));

        assertThat(vs.healthCheck()).isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, HealthCheck.Method.GET, "/", 200,
                5, 2, 2));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        String json = with(with(with(VIRTUAL_SERVICE, "port", "0"), "address", "\"x\""), "realServers[1].port", "-1");

        assertThat(SettingsCodec.parse(VS, json).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("address", "port", "realServers[1].port");
    }

    @Test
    void everyShapeErrorIsReportedAtOnce() {
        String json = with(with(with(VIRTUAL_SERVICE, "port", "\"443\""), "protocol", "\"sctp\""), "colour", "1");

        assertThat(SettingsCodec.parse(VS, json).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("port", "protocol", "colour");
    }

    @Test
    void twoRealServersOnOneAddressAndPortAreRefused() {
        String json = with(VIRTUAL_SERVICE, "realServers[1].address", "\"10.0.1.4\"");

        assertThat(SettingsCodec.parse(VS, json).errors()).containsExactly(new FieldError("realServers[1].port",
                "realServers[0] has the same address and port; remove one of them"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        an enabled service without real servers warns     | true  | []                                                     | true
        an enabled service with all disabled warns        | true  | [{"address": "10.0.1.4", "port": 80, "enabled": false}] | true
        a disabled service without real servers is quiet  | false | []                                                     | false
        an enabled backup server is enough                | true  | [{"address": "10.0.1.4", "port": 80, "backup": true}]  | false
        """)
    void anEnabledServiceWithoutEnabledRealServersIsAWarningNotAnError(String behaviour, boolean enabled,
                                                                       String realServers, boolean warns) {
        String json = with(with(VIRTUAL_SERVICE, "enabled", String.valueOf(enabled)), "realServers", realServers);

        Parsed<VirtualService> parsed = SettingsCodec.parse(VS, json);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.document()).isNotNull();
        assertThat(parsed.warnings()).hasSize(warns ? 1 : 0);
        if (warns) {
            assertThat(parsed.warnings().get(0)).contains("'web' is enabled but has no enabled real server");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        the same address, port and protocol clash      | 10.0.0.10   | 443 | https | port 443 is already used by virtual service 'other'
        tcp and https on one port clash                | 10.0.0.10   | 443 | tcp   | port 443 is already used by virtual service 'other'
        another published address on the port clashes | 10.0.0.11   | 443 | http  | every service listens on the node's own address, whatever its published address
        another address family on the port clashes     | fd00::10    | 443 | tcp   | choose another port, or change that service
        another port is fine                           | 10.0.0.10   | 8443| https |
        """)
    void aServiceMayNotListenOnAPortAnotherUses(String behaviour, String otherAddress, int otherPort,
                                                String otherProtocol, String message) {
        VirtualService other = SettingsFixtures.parsed(VS, with(with(with(with(with(VIRTUAL_SERVICE, "name",
                "\"other\""), "address", "\"" + otherAddress + "\""), "port", String.valueOf(otherPort)),
                "protocol", "\"" + otherProtocol + "\""), "certificates", otherProtocol.equals("https") ? "[\"www\"]" : "[]"));

        List<FieldError> errors = SettingsCodec.parse(VS, VIRTUAL_SERVICE, List.of(other)).errors();

        if (message == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("port");
                assertThat(error.message()).contains(message);
            });
        }
    }

    @ParameterizedTest(name = "cookie persistence with {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        tcp   | 'cookie persistence needs http or https (a cookie travels in HTTP headers); use source-ip for tcp, or set protocol to http or https'
        http  |
        https |
        """)
    void cookiePersistenceIsForHttpAndHttpsOnly(String protocol, String message) {
        String json = with(with(with(VIRTUAL_SERVICE, "protocol", "\"" + protocol + "\""), "certificates",
                protocol.equals("https") ? "[\"www\"]" : "[]"), "persistence", "{\"mode\": \"cookie\"}");

        List<FieldError> errors = SettingsCodec.parse(VS, json).errors();

        if (message == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).containsExactly(new FieldError("persistence.mode", message));
        }
    }

    @Test
    void aSecondServiceOfTheSameNameClashes() {
        VirtualService stored = SettingsFixtures.parsed(VS, with(VIRTUAL_SERVICE, "port", "8080"));

        assertThat(SettingsCodec.parse(VS, VIRTUAL_SERVICE, List.of(stored)).errors()).containsExactly(new FieldError(
                "name", "virtual service 'web' exists already; choose another name, or change that one"));
    }
}
