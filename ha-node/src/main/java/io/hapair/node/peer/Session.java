package io.hapair.node.peer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An authenticated peer session: seals outgoing frames and opens incoming ones. Each direction has
 * its own key, so a frame cannot be reflected back at its sender, and its own sequence, so a frame
 * cannot be replayed or reordered. Sessions are new per connection (fresh nonces on both sides), so
 * a frame recorded from an earlier session never verifies.
 */
public final class Session {

    private final byte[] sendKey;
    private final byte[] receiveKey;
    private final DatagramKey datagramSendKey;
    private final DatagramKey datagramReceiveKey;
    private long sentSeq;
    private long receivedSeq;

    Session(byte[] sessionKey, boolean clientSide) {
        byte[] c2s = PeerCrypto.hmac(sessionKey, PeerCrypto.utf8("client to server"));
        byte[] s2c = PeerCrypto.hmac(sessionKey, PeerCrypto.utf8("server to client"));
        this.sendKey = clientSide ? c2s : s2c;
        this.receiveKey = clientSide ? s2c : c2s;
        this.datagramSendKey = DatagramKey.derive(sendKey);
        this.datagramReceiveKey = DatagramKey.derive(receiveKey);
    }

    /** The key of this direction's heartbeat datagrams: ours to send with on the outgoing session. */
    DatagramKey datagramSendKey() {
        return datagramSendKey;
    }

    /** The key of the partner's heartbeat datagrams: taken from the incoming session. */
    DatagramKey datagramReceiveKey() {
        return datagramReceiveKey;
    }

    public Envelope seal(String type, String body) {
        long seq = ++sentSeq;
        return new Envelope(Envelope.PROTOCOL_VERSION, type, seq, body,
                mac(sendKey, Envelope.PROTOCOL_VERSION, type, seq, PeerCrypto.utf8(body)));
    }

    /** The same as {@link #seal}, for a connection that carries bodies as bytes. */
    RawFrame sealRaw(String type, byte[] body) {
        long seq = ++sentSeq;
        return new RawFrame(new RawFrame.Header(Envelope.PROTOCOL_VERSION, type, seq,
                mac(sendKey, Envelope.PROTOCOL_VERSION, type, seq, body), null), body);
    }

    /**
     * The same as {@link #sealRaw}, with a body of {@link Deflate#MIN_BODY} bytes or more deflated. The MAC covers
     * the deflated bytes and the length they inflate to, so that the receiver inflates only what the partner sent.
     */
    RawFrame sealDeflated(String type, byte[] body) {
        if (body.length < Deflate.MIN_BODY) {
            return sealRaw(type, body);
        }
        long seq = ++sentSeq;
        byte[] deflated = Deflate.deflate(body);
        return new RawFrame(new RawFrame.Header(Envelope.PROTOCOL_VERSION, type, seq,
                mac(sendKey, Envelope.PROTOCOL_VERSION, type, seq, deflated, PeerCrypto.intBytes(body.length)),
                body.length), deflated);
    }

    /** Returns the verified body, or throws when the MAC is wrong or the frame is stale. */
    public String open(Envelope e) throws PeerProtocolException {
        if (e.mac() == null || e.type() == null || e.body() == null) {
            throw new PeerProtocolException("frame without MAC, type or body");
        }
        verify(e.v(), e.type(), e.seq(), e.mac(), PeerCrypto.utf8(e.body()));
        return e.body();
    }

    /**
     * The same as {@link #open(Envelope)}, for a frame whose body came as bytes, deflated or not; a deflated body
     * is inflated after its MAC verified, to at most {@code maxBody} bytes.
     */
    String open(RawFrame f, int maxBody) throws PeerProtocolException {
        RawFrame.Header h = f.header();
        if (h.inflated() == null) {
            verify(h.v(), h.type(), h.seq(), h.mac(), f.body());
            return new String(f.body(), StandardCharsets.UTF_8);
        }
        verify(h.v(), h.type(), h.seq(), h.mac(), f.body(), PeerCrypto.intBytes(h.inflated()));
        return new String(Deflate.inflate(f.body(), h.inflated(), maxBody), StandardCharsets.UTF_8);
    }

    private void verify(int version, String type, long seq, String givenMac, byte[]... body)
            throws PeerProtocolException {
        // Compared as canonical base64 text: the JDK decoder ignores stray low bits in the last
        // character, and a frame should have exactly one valid encoding.
        byte[] expected = PeerCrypto.utf8(mac(receiveKey, version, type, seq, body));
        if (!PeerCrypto.equal(expected, PeerCrypto.utf8(givenMac))) {
            throw new PeerProtocolException("bad MAC on " + type + " frame " + seq);
        }
        if (seq <= receivedSeq) {
            throw new PeerProtocolException("replayed or reordered frame: sequence " + seq + " after " + receivedSeq);
        }
        receivedSeq = seq;
    }

    /** Over the body's parts, each length-prefixed as every part is: a deflated body adds its inflated length. */
    private static String mac(byte[] key, int version, String type, long seq, byte[]... body) {
        byte[][] parts = new byte[3 + body.length][];
        parts[0] = PeerCrypto.utf8(Integer.toString(version));
        parts[1] = PeerCrypto.utf8(type);
        parts[2] = PeerCrypto.longBytes(seq);
        System.arraycopy(body, 0, parts, 3, body.length);
        return Base64.getEncoder().encodeToString(PeerCrypto.hmac(key, parts));
    }
}
