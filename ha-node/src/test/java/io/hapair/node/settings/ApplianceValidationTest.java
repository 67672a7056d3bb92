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
        an SNMP community has no spaces             | snmp            | community             | "two words"    | community             | without spaces
        an SNMP location is one line                | snmp            | location              | "rack\\u0007"  | location              | without control characters
        an SNMP port of 0 is refused                | snmp            | port                  | 0              | port                  | from 1 to 65535
        a v3 user needs a name                      | snmp            | users[0].name         | ABSENT         | users[0].name         | required: give the user name
        a v3 user name has no spaces                | snmp            | users[0].name         | "two words"    | users[0].name         | is not a user name
        a v3 passphrase has 8 characters or more    | snmp            | users[0].authPassphrase | "short"      | users[0].authPassphrase | give 8 to 64 printable characters
        a v3 user needs a privacy passphrase        | snmp            | users[0].privPassphrase | ABSENT       | users[0].privPassphrase | required: give the privacy (AES) passphrase
        a placeholder with no stored passphrase     | snmp            | users[0].privPassphrase | "(stored; not shown)" | users[0].privPassphrase | no passphrase is stored for this user name
        a v3 auth protocol lists the choices        | snmp            | users[0].authProtocol | "md5"          | users[0].authProtocol | give one of sha, sha-256, sha-512
        a trap target needs a host                  | snmp            | trapTargets[0].host   | ABSENT         | trapTargets[0].host   | required: give an IP address or a host name
        a trap target port of 0 is refused          | snmp            | trapTargets[1].port   | 0              | trapTargets[1].port   | from 1 to 65535
        a trap target needs a community or a user   | snmp            | trapTargets[0].community | ABSENT      | trapTargets[0].community | required: give the SNMPv2c community the receiver expects, or user
        a trap target's user is one of the users    | snmp            | trapTargets[1].user   | "nobody"       | trapTargets[1].user   | no v3 user named 'nobody' in users; add it there or give one of monitor
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
    void anEnabledSnmpAgentNeedsACommunityOrAV3User() {
        Parsed<SnmpSettings> parsed = SettingsCodec.parse(SettingsType.SNMP, "{\"enabled\": true, \"users\": []}");

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("community");
            assertThat(e.message()).isEqualTo("required: give the read community the agent answers to, or a v3 user"
                    + " in users");
        });
    }

    @Test
    void anSnmpAgentWithV3UsersOnlyNeedsNoCommunityAndDefaultsToTheStandardPorts() {
        SnmpSettings snmp = SettingsFixtures.parsed(SettingsType.SNMP, "{\"enabled\": true, \"users\": [{\"name\": "
                + "\"monitor\", \"authPassphrase\": \"auth-pass-1\", \"privPassphrase\": \"priv-pass-1\"}],"
                + " \"trapTargets\": [{\"host\": \"NMS.example.com\", \"user\": \"monitor\"}]}");

        assertThat(snmp.port()).isEqualTo(161);
        assertThat(snmp.users()).singleElement().extracting(SnmpSettings.User::authProtocol)
                .isEqualTo(SnmpSettings.AuthProtocol.SHA_256);
        assertThat(snmp.trapTargets()).containsExactly(
                new SnmpSettings.TrapTarget("nms.example.com", 162, null, "monitor", false));
        assertThat(snmp.user(snmp.trapTargets().get(0))).isSameAs(snmp.users().get(0));
    }

    @Test
    void snmpRefusesTwoUsersOfOneNameAndATargetWithBothCommunityAndUser() {
        Parsed<SnmpSettings> parsed = SettingsCodec.parse(SettingsType.SNMP, "{\"users\": ["
                + "{\"name\": \"monitor\", \"authPassphrase\": \"auth-pass-1\", \"privPassphrase\": \"priv-pass-1\"},"
                + "{\"name\": \"monitor\", \"authPassphrase\": \"auth-pass-2\", \"privPassphrase\": \"priv-pass-2\"}],"
                + " \"trapTargets\": [{\"host\": \"10.0.0.9\", \"community\": \"traps\", \"user\": \"monitor\"},"
                + " {\"host\": \"10.0.0.9\", \"port\": 162, \"community\": \"traps\"}]}");

        assertThat(parsed.errors()).extracting(e -> e.field() + ": " + e.message()).containsExactlyInAnyOrder(
                "users[1].name: another user is named 'monitor'; give each user its own name",
                "trapTargets[0].user: give either community (SNMPv2c) or user (SNMPv3), not both",
                "trapTargets[1].port: another trap target has this host and port; give each receiver once");
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
