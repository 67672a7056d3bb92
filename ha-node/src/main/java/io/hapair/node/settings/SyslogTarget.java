package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * A syslog receiver that gets the node's log (RFC 5424 messages).
 *
 * @param host          its address or DNS name (names resolve when logs are sent, never here); the document's id
 * @param port          its port; by default 514 (udp, tcp) or 6514 (tls)
 * @param transport     udp (RFC 5426), tcp (RFC 6587, octet counting) or tls (RFC 5425); udp by default
 * @param facility      the facility every message carries, so that the receiver can route the node's log; daemon
 *                      by default
 * @param severity      the least severe message sent: info by default (everything the node logs), warning for
 *                      trouble only
 * @param caCertificate for tls: the PEM certificate(s) of the authority that signed the receiver's certificate;
 *                      without it the JVM's trusted authorities. The receiver's certificate must name the host.
 */
public record SyslogTarget(String host, Integer port, Transport transport, Facility facility, Severity severity,
                           String caCertificate) {

    // Syslog's registered ports: 514 for UDP (RFC 5426) and TCP (RFC 6587), 6514 for TLS (RFC 5425).
    public static final int DEFAULT_PORT = 514;
    public static final int DEFAULT_TLS_PORT = 6514;

    public enum Transport {
        @JsonProperty("udp") UDP,
        @JsonProperty("tcp") TCP,
        @JsonProperty("tls") TLS
    }

    /** RFC 5424's facilities, with their codes. */
    public enum Facility {
        @JsonProperty("kern") KERN(0), @JsonProperty("user") USER(1), @JsonProperty("mail") MAIL(2),
        @JsonProperty("daemon") DAEMON(3), @JsonProperty("auth") AUTH(4), @JsonProperty("syslog") SYSLOG(5),
        @JsonProperty("lpr") LPR(6), @JsonProperty("news") NEWS(7), @JsonProperty("uucp") UUCP(8),
        @JsonProperty("cron") CRON(9), @JsonProperty("authpriv") AUTHPRIV(10), @JsonProperty("ftp") FTP(11),
        @JsonProperty("ntp") NTP(12), @JsonProperty("security") SECURITY(13), @JsonProperty("console") CONSOLE(14),
        @JsonProperty("solaris-cron") SOLARIS_CRON(15), @JsonProperty("local0") LOCAL0(16),
        @JsonProperty("local1") LOCAL1(17), @JsonProperty("local2") LOCAL2(18), @JsonProperty("local3") LOCAL3(19),
        @JsonProperty("local4") LOCAL4(20), @JsonProperty("local5") LOCAL5(21), @JsonProperty("local6") LOCAL6(22),
        @JsonProperty("local7") LOCAL7(23);

        private final int code;

        Facility(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** RFC 5424's severities, most severe first, with their codes. */
    public enum Severity {
        @JsonProperty("emerg") EMERG(0), @JsonProperty("alert") ALERT(1), @JsonProperty("crit") CRIT(2),
        @JsonProperty("err") ERR(3), @JsonProperty("warning") WARNING(4), @JsonProperty("notice") NOTICE(5),
        @JsonProperty("info") INFO(6), @JsonProperty("debug") DEBUG(7);

        private final int code;

        Severity(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** Whether a message of this severity passes a target that takes {@code least} and anything more severe. */
        public boolean passes(Severity least) {
            return code <= least.code;
        }
    }

    public SyslogTarget {
        host = RemoteHost.canonical(host);
        transport = transport == null ? Transport.UDP : transport; // the one every syslog receiver accepts
        port = port != null ? port : transport == Transport.TLS ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        facility = facility == null ? Facility.DAEMON : facility;
        severity = severity == null ? Severity.INFO : severity;
    }

    /** How logs and metrics name the target: transport, host and port, as a URL would. */
    public String label() {
        String h = host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return transport.name().toLowerCase(Locale.ROOT) + "://" + h + ":" + port;
    }
}
