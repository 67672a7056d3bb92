package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A syslog receiver that gets the appliance's log.
 *
 * @param host its address or DNS name (names resolve when logs are sent, never here); the document's id
 * @param port its port
 * @param transport udp, or tcp when lost lines matter more than a blocked sender
 */
public record SyslogTarget(String host, Integer port, Transport transport) {

    // Syslog's registered port, for UDP (RFC 5426) and TCP (RFC 6587) alike.
    public static final int DEFAULT_PORT = 514;

    public enum Transport {
        @JsonProperty("udp") UDP,
        @JsonProperty("tcp") TCP
    }

    public SyslogTarget {
        host = RemoteHost.canonical(host);
        port = port == null ? DEFAULT_PORT : port;
        transport = transport == null ? Transport.UDP : transport; // the one every syslog receiver accepts
    }
}
