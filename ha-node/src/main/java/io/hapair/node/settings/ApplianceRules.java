package io.hapair.node.settings;

import java.util.regex.Pattern;

/** What makes the appliance-wide synced settings valid: syslog, NTP, SNMP, WUI, virtual-service certificates. */
final class ApplianceRules {

    // SNMP v2c communities travel in clear text; printable ASCII without spaces keeps them typeable in any tool.
    private static final Pattern COMMUNITY = Pattern.compile("[\\x21-\\x7e]{1,64}");
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
        if (snmp.enabled()) {
            findings.required("community", snmp.community(), "the read community the agent answers to");
        }
        if (snmp.community() != null && !COMMUNITY.matcher(snmp.community()).matches()) {
            findings.error("community", "give 1 to 64 printable characters without spaces");
        }
        if ("public".equals(snmp.community())) {
            findings.warn("SNMP community 'public' is the well-known default: anyone who reaches the node can "
                    + "read it; choose another");
        }
        findings.text("location", snmp.location(), 255);
        findings.text("contact", snmp.contact(), 255);
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

    static void pemPair(String chain, String key, Findings findings) {
        boolean hasChain = findings.required("certificateChain", chain,
                "the PEM certificate chain, the server's first");
        boolean hasKey = findings.required("privateKey", key, "the PEM private key of the first certificate");
        if (hasChain && hasKey) {
            PemPair.check(chain, key, findings);
        }
    }
}
