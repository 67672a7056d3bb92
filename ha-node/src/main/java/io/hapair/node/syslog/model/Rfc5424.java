package io.hapair.node.syslog.model;

import io.hapair.node.settings.SyslogTarget.Facility;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a message as RFC 5424 puts it on the wire: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
 * [origin ...][meta sequenceId=...] MSG}. The header fields are printable US-ASCII of bounded length (anything
 * else is replaced, overlong fields cut), structured-data values are escaped, and the message is UTF-8, cut at a
 * character boundary when the whole would exceed what the transport takes.
 */
public final class Rfc5424 {

    // RFC 3339 with milliseconds in UTC: what RFC 5424 asks for (at most six fraction digits, Z or an offset).
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final String NIL = "-";

    /**
     * What every message of this node carries: its name, the program and its process id, and the software
     * and version for the registered {@code origin} element.
     */
    public record Sender(String hostname, String appName, long procId, String software, String version) {
    }

    private Rfc5424() {
    }

    /**
     * The message as bytes of at most {@code maxBytes}. {@code sequenceId} counts the messages meant for this
     * receiver (RFC 5424's {@code meta} element, 1 to 2147483647, then 1 again): a gap shows the receiver that
     * messages were dropped on the way, by the node's bounded queue or the network.
     */
    public static byte[] encode(Sender sender, Facility facility, SyslogMessage message, long sequenceId, int maxBytes) {
        StringBuilder line = new StringBuilder(160 + message.text().length())
                .append('<').append(facility.code() * 8 + message.severity().code()).append(">1 ")
                .append(TIMESTAMP.format(Instant.ofEpochMilli(message.at()))).append(' ')
                .append(field(sender.hostname(), 255)).append(' ')
                .append(field(sender.appName(), 48)).append(' ')
                .append(field(Long.toString(sender.procId()), 128)).append(' ')
                .append(field(message.msgId(), 32)).append(' ')
                .append("[origin software=\"").append(paramValue(sender.software()))
                .append("\" swVersion=\"").append(paramValue(sender.version())).append("\"]")
                .append("[meta sequenceId=\"").append(sequenceId).append("\"]");
        if (!message.text().isEmpty()) {
            line.append(' ').append(message.text());
        }
        return cut(line.toString().getBytes(StandardCharsets.UTF_8), maxBytes);
    }

    /** A header field: NILVALUE when empty, printable US-ASCII only (else '_'), at most {@code max} characters. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return NIL;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    /** A PARAM-VALUE: '"', '\' and ']' are escaped with '\'. */
    static String paramValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The first {@code max} bytes, less the start of a UTF-8 character that would be cut in two. */
    static byte[] cut(byte[] bytes, int max) {
        if (bytes.length <= max) {
            return bytes;
        }
        int end = max;
        // Continuation bytes are 10xxxxxx: step back to the first byte of the character at the cut.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] out = new byte[end];
        System.arraycopy(bytes, 0, out, 0, end);
        return out;
    }
}
