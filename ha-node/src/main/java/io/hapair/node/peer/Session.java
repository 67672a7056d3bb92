package io.hapair.node.peer;

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
    private long sentSeq;
    private long receivedSeq;

    Session(byte[] sessionKey, boolean clientSide) {
        byte[] c2s = PeerCrypto.hmac(sessionKey, PeerCrypto.utf8("client to server"));
        byte[] s2c = PeerCrypto.hmac(sessionKey, PeerCrypto.utf8("server to client"));
        this.sendKey = clientSide ? c2s : s2c;
        this.receiveKey = clientSide ? s2c : c2s;
    }

    public Envelope seal(String type, String body) {
        long seq = ++sentSeq;
        return new Envelope(Envelope.PROTOCOL_VERSION, type, seq, body, mac(sendKey, type, seq, body));
    }

    /** Returns the verified body, or throws when the MAC is wrong or the frame is stale. */
    public String open(Envelope e) throws PeerProtocolException {
        if (e.mac() == null || e.type() == null || e.body() == null) {
            throw new PeerProtocolException("frame without MAC, type or body");
        }
        byte[] expected = PeerCrypto.hmac(receiveKey, PeerCrypto.utf8(Integer.toString(e.v())),
                PeerCrypto.utf8(e.type()), PeerCrypto.longBytes(e.seq()), PeerCrypto.utf8(e.body()));
        byte[] given;
        try {
            given = Base64.getDecoder().decode(e.mac());
        } catch (IllegalArgumentException ex) {
            throw new PeerProtocolException("MAC is not base64");
        }
        if (!PeerCrypto.equal(expected, given)) {
            throw new PeerProtocolException("bad MAC on " + e.type() + " frame " + e.seq());
        }
        if (e.seq() <= receivedSeq) {
            throw new PeerProtocolException("replayed or reordered frame: sequence " + e.seq() + " after " + receivedSeq);
        }
        receivedSeq = e.seq();
        return e.body();
    }

    private static String mac(byte[] key, String type, long seq, String body) {
        return Base64.getEncoder().encodeToString(PeerCrypto.hmac(key,
                PeerCrypto.utf8(Integer.toString(Envelope.PROTOCOL_VERSION)), PeerCrypto.utf8(type),
                PeerCrypto.longBytes(seq), PeerCrypto.utf8(body)));
    }
}
