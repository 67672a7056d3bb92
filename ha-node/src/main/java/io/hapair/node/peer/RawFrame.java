package io.hapair.node.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * An authenticated frame whose body travels as its own bytes after a small JSON header, instead of as a
 * JSON string inside an {@link Envelope}: a settings batch of megabytes is then neither escaped on the way
 * out nor unescaped and copied on the way in. The MAC is the envelope's, over the same fields. A connection
 * carries these once its client offered them in hello ({@code "bodies": "raw"}) and its server accepted
 * them in welcome; a partner of an earlier version does neither, and the connection keeps envelopes.
 *
 * <pre>
 * header length  4 bytes, big-endian
 * header         JSON {v, type, seq, mac}, as in the envelope, and {inflated} when the body is deflated
 * body           the rest of the frame: the message's JSON text, UTF-8, or that text deflated
 * </pre>
 */
record RawFrame(Header header, byte[] body) {

    /** The value of {@code bodies} in hello (offered) and welcome (accepted). */
    static final String OFFER = "raw";

    /**
     * {@code inflated}: the body is deflated ({@link Deflate}) and inflates to this many bytes; absent for a body
     * as it is, so that such a header reads as before.
     */
    record Header(int v, String type, long seq, String mac,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Integer inflated) {
    }

    /** The whole frame, length prefix included, as {@link FrameReader} reads it. */
    Buffer frame(ObjectMapper json) throws IOException {
        byte[] h = json.writeValueAsBytes(header);
        return Buffer.buffer(4 + 4 + h.length + body.length).appendInt(4 + h.length + body.length)
                .appendInt(h.length).appendBytes(h).appendBytes(body);
    }

    /** {@code frame} without its length prefix, as {@link FrameReader} hands it on. */
    static RawFrame decode(ObjectMapper json, Buffer frame) throws IOException, PeerProtocolException {
        int headerLength = frame.length() < 4 ? -1 : frame.getInt(0);
        if (headerLength < 1 || headerLength > frame.length() - 4) {
            throw new PeerProtocolException("frame header length " + headerLength + " outside 1.."
                    + Math.max(0, frame.length() - 4));
        }
        Header h = json.readValue(frame.getBytes(4, 4 + headerLength), Header.class);
        if (h.v() != Envelope.PROTOCOL_VERSION) {
            throw new PeerProtocolException("peer protocol version " + h.v() + " is not supported (this node speaks "
                    + Envelope.PROTOCOL_VERSION + "); run the same software version on both nodes");
        }
        if (h.type() == null || h.mac() == null) {
            throw new PeerProtocolException("frame without type or MAC");
        }
        return new RawFrame(h, frame.getBytes(4 + headerLength, frame.length()));
    }
}
