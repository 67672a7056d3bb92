package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplianceValidationTest {

    /** Each row edits the type's valid example; value ABSENT removes the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        a syslog host is an address or a name       | syslog-targets  | host                  | "logs_1"       | host                  | neither an IP address nor a host name
        a syslog port of 0 is refused               | syslog-targets  | port                  | 0              | port                  | from 1 to 65535
        a syslog transport lists the choices        | syslog-targets  | transport             | "relp"         | transport             | give one of udp, tcp, tls
        a syslog facility lists the choices         | syslog-targets  | facility              | "local8"       | facility              | give one of kern, user
        a syslog severity lists the choices         | syslog-targets  | severity              | "verbose"      | severity              | give one of emerg, alert
        a CA certificate is for tls only            | syslog-targets  | caCertificate         | "x"            | caCertificate         | only tls checks the receiver's certificate; set transport to tls
        an NTP server needs a host                  | ntp-servers     | host                  | ABSENT         | host                  | required: give an IP address or a host name
        an enabled SNMP agent needs a community     | snmp            | community             | ABSENT         | community             | required: give the read community
        an SNMP community has no spaces             | snmp            | community             | "two words"    | community             | without spaces
        an SNMP location is one line                | snmp            | location              | "rack\\u0007"  | location              | without control characters
        a WUI session under a minute is refused     | wui             | sessionTimeoutSeconds | 59             | sessionTimeoutSeconds | from 60 to 86400
        a certificate needs a name                  | vs-certificates | name                  | ABSENT         | name                  | required
        a certificate needs its chain               | vs-certificates | certificateChain      | ABSENT         | certificateChain      | required: give the PEM certificate chain
        a chain without PEM blocks is refused       | vs-certificates | certificateChain      | "hello"        | certificateChain      | no PEM certificate found
        a key without PEM blocks is refused         | vs-certificates | privateKey            | "hello"        | privateKey            | 0 PEM blocks found; give exactly one private key
        """)
    void invalidApplianceFieldsAreRefusedByPath(String behaviour, String apiPath, String path, String value,
            String field, String message) {
        SettingsFixtures.assertExampleRefused(apiPath, path, value, field, message);
    }

    @Test
    void snmpIsOffUntilEnabledAndWarnsAboutThePublicCommunity() {
        assertThat(SettingsFixtures.parsed(SettingsType.SNMP, "{}").enabled()).isFalse();

        Parsed<SnmpSettings> parsed = SettingsCodec.parse(SettingsType.SNMP,
                "{\"enabled\": true, \"community\": \"public\"}");

        assertThat(parsed.isValid()).isTrue();
        assertThat(parsed.warnings()).singleElement().asString().contains("'public' is the well-known default");
    }

    @Test
    void hostsAreStoredInOneSpelling() {
        assertThat(SettingsFixtures.parsed(SettingsType.NTP_SERVERS, "{\"host\": \"NTP.Example.com\"}").host())
                .isEqualTo("ntp.example.com");
        assertThat(SettingsFixtures.parsed(SettingsType.SYSLOG_TARGETS, "{\"host\": \"FD00:0::514\"}"))
                .isEqualTo(new SyslogTarget("fd00::514", 514, SyslogTarget.Transport.UDP,
                        SyslogTarget.Facility.DAEMON, SyslogTarget.Severity.INFO, null));
    }

    @Test
    void aTlsSyslogTargetDefaultsToPort6514() {
        assertThat(SettingsFixtures.parsed(SettingsType.SYSLOG_TARGETS,
                "{\"host\": \"logs.example.com\", \"transport\": \"tls\"}").port()).isEqualTo(6514);
    }

    @Test
    void aTlsSyslogTargetsAuthorityMustBePemCertificates() {
        Parsed<SyslogTarget> parsed = SettingsCodec.parse(SettingsType.SYSLOG_TARGETS,
                "{\"host\": \"logs.example.com\", \"transport\": \"tls\", \"caCertificate\": \"hello\"}");

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("caCertificate");
            assertThat(e.message()).contains("no PEM certificate found");
        });
    }
}
