package io.hapair.node.settings;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes the appliance-wide synced settings valid: syslog, NTP, SNMP, WUI, virtual-service certificates. */
final class ApplianceRules {

    // SNMP v2c communities travel in clear text; printable ASCII without spaces keeps them typeable in any tool.
    private static final Pattern COMMUNITY = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    // RFC 3414 11.2: at least 8 characters; printable so that it can be typed into snmpget's -A and -X.
    private static final Pattern PASSPHRASE = Pattern.compile("[\\x20-\\x7e]{8,64}");
    // What the API shows for a stored passphrase (runtime's SecretFields): sent back for a user whose name has no
    // stored passphrase (a renamed user), it would otherwise become the passphrase.
    private static final String STORED_NOT_SHOWN = "(stored; not shown)";
    private static final String HOST_HINT = "an IP address or a host name such as logs.example.com";

    static final DocumentRules<SyslogTarget> SYSLOG = (target, findings) -> {
        findings.required("host", target.host(), HOST_HINT);
        findings.hostOrAddress("host", target.host());
        findings.port("port", target.port());
        if (target.caCertificate() == null) {
            return;
        }
        if (target.transport() != SyslogTarget.Transport.TLS) {
            findings.error("caCertificate", "only tls checks the receiver's certificate; set transport to tls, "
                    + "or leave caCertificate out");
        } else {
            PemPair.certificates(target.caCertificate(), "caCertificate", findings);
        }
    };

    static final DocumentRules<NtpServer> NTP = (server, findings) -> {
        findings.required("host", server.host(), HOST_HINT);
        findings.hostOrAddress("host", server.host());
    };

    static final DocumentRules<SnmpSettings> SNMP = (snmp, findings) -> {
        findings.port("port", snmp.port());
        if (snmp.enabled() && snmp.community() == null && snmp.users().isEmpty()) {
            findings.required("community", null, "the read community the agent answers to, or a v3 user in users");
        }
        community("community", snmp.community(), findings);
        if ("public".equals(snmp.community())) {
            findings.warn("SNMP community 'public' is the well-known default: anyone who reaches the node can "
                    + "read it; choose another");
        }
        findings.text("location", snmp.location(), 255);
        findings.text("contact", snmp.contact(), 255);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < snmp.users().size(); i++) {
            SnmpSettings.User user = snmp.users().get(i);
            Findings at = findings.at("users", i);
            if (at.required("name", user.name(), "the user name the manager sends, such as monitor")) {
                if (!USER_NAME.matcher(user.name()).matches()) {
                    at.error("name", "'" + user.name() + "' is not a user name; use 1 to 32 letters, digits, '.', "
                            + "'_' or '-'");
                } else if (!names.add(user.name())) {
                    at.error("name", "another user is named '" + user.name() + "'; give each user its own name");
                }
            }
            passphrase("authPassphrase", user.authPassphrase(), "the authentication passphrase", at);
            passphrase("privPassphrase", user.privPassphrase(), "the privacy (AES) passphrase", at);
        }
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < snmp.trapTargets().size(); i++) {
            trapTarget(snmp, snmp.trapTargets().get(i), findings.at("trapTargets", i), targets);
        }
    };
    // A minute to a day: shorter logs an operator out mid-change, longer leaves a session open overnight.
    static final DocumentRules<WuiSettings> WUI = (wui, findings) ->
            findings.range("sessionTimeoutSeconds", wui.sessionTimeoutSeconds(), 60, 86_400);

    static final DocumentRules<VsCertificate> VS_CERTIFICATE = (certificate, findings) -> {
        if (findings.required("name", certificate.name(), "a name such as www-example-com")) {
            findings.name("name", certificate.name());
        }
        pemPair(certificate.certificateChain(), certificate.privateKey(), findings);
    };

    private ApplianceRules() {
    }

    private static void community(String field, String community, Findings findings) {
        if (community != null && !COMMUNITY.matcher(community).matches()) {
            findings.error(field, "give 1 to 64 printable characters without spaces");
        }
    }

    private static void passphrase(String field, String value, String what, Findings findings) {
        if (!findings.required(field, value, what + ", 8 to 64 characters")) {
            return;
        }
        if (STORED_NOT_SHOWN.equals(value)) {
            findings.error(field, "no passphrase is stored for this user name to keep; give the passphrase");
        } else if (!PASSPHRASE.matcher(value).matches()) {
            findings.error(field, "give 8 to 64 printable characters (USM refuses shorter passphrases)");
        }
    }

    private static void trapTarget(SnmpSettings snmp, SnmpSettings.TrapTarget target, Findings at,
                                   Set<String> seen) {
        if (at.required("host", target.host(), HOST_HINT)) {
            at.hostOrAddress("host", target.host());
        }
        at.port("port", target.port());
        if (!seen.add(target.host() + " " + target.port())) {
            at.error("port", "another trap target has this host and port; give each receiver once");
        }
        if (target.community() != null && target.user() != null) {
            at.error("user", "give either community (SNMPv2c) or user (SNMPv3), not both");
        } else if (target.community() == null && target.user() == null) {
            at.required("community", null, "the SNMPv2c community the receiver expects, or user for SNMPv3");
        }
        community("community", target.community(), at);
        if (target.user() != null && snmp.user(target) == null) {
            at.error("user", "no v3 user named '" + target.user() + "' in users; add it there or give "
                    + (snmp.users().isEmpty() ? "a community" : "one of " + String.join(", ",
                    snmp.users().stream().map(SnmpSettings.User::name).toList())));
        }
    }

    static void pemPair(String chain, String key, Findings findings) {
        boolean hasChain = findings.required("certificateChain", chain,
                "the PEM certificate chain, the server's first");
        boolean hasKey = findings.required("privateKey", key, "the PEM private key of the first certificate");
        if (hasChain && hasKey) {
            PemPair.check(chain, key, findings);
        }
    }
}
