package io.hapair.node.peer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The wire form of a heartbeat sent as a UDP datagram: no TCP retransmission delays it and no lost
 * segment holds back the ones behind it, so a lossy link costs single heartbeats, not seconds.
 *
 * <pre>
 * version  1 byte   {@value #VERSION}
 * key id   8 bytes  which session's key sealed it ({@link DatagramKey#id})
 * sequence 8 bytes  1, 2, 3, ... per key; the receiver's {@link ReplayWindow} refuses repeats
 * payload  n bytes  the {@link Heartbeat} as JSON
 * MAC     32 bytes  HMAC-SHA256 with the key, over everything before it
 * </pre>
 *
 * A datagram is at most {@value #MAX_BYTES} bytes, below any path MTU the pair will meet (IPv6's
 * minimum is 1280), so it is never fragmented; the receiver refuses anything larger unread.
 */
final class HeartbeatDatagram {

    static final int VERSION = 1;
    static final int MAX_BYTES = 1200;
    static final int HEADER_BYTES = 1 + 8 + 8;
    static final int MAC_BYTES = 32;

    /** An authentic datagram, opened. */
    record Opened(long keyId, long seq, byte[] payload) {
    }

    private HeartbeatDatagram() {
    }

    /** Seals {@code payload}; throws when the result would exceed {@value #MAX_BYTES} bytes. */
    static byte[] seal(DatagramKey key, long seq, byte[] payload) {
        int size = HEADER_BYTES + payload.length + MAC_BYTES;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("heartbeat datagram of " + size + " bytes exceeds " + MAX_BYTES);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) VERSION).putLong(key.id()).putLong(seq).put(payload);
        b.put(PeerCrypto.hmac(key.key(), Arrays.copyOf(b.array(), size - MAC_BYTES)));
        return b.array();
    }

    /** The key id a datagram names, read before anything is verified; throws when it is not even shaped right. */
    static long keyId(byte[] datagram) throws PeerProtocolException {
        if (datagram.length > MAX_BYTES) {
            throw new PeerProtocolException("datagram of " + datagram.length + " bytes exceeds " + MAX_BYTES);
        }
        if (datagram.length <= HEADER_BYTES + MAC_BYTES) {
            throw new PeerProtocolException("datagram of " + datagram.length + " bytes is too short");
        }
        if (datagram[0] != VERSION) {
            throw new PeerProtocolException("heartbeat datagram version " + datagram[0] + " is not supported (this node"
                    + " speaks " + VERSION + "); run the same software version on both nodes");
        }
        return ByteBuffer.wrap(datagram, 1, 8).getLong();
    }

    /** The sequence number a datagram claims, unverified: for the cheap replay check before the MAC. */
    static long claimedSeq(byte[] datagram) {
        return ByteBuffer.wrap(datagram, 9, 8).getLong();
    }

    /** Verifies the MAC with {@code key}; returns the datagram opened, or throws when the MAC is wrong. */
    static Opened open(DatagramKey key, byte[] datagram) throws PeerProtocolException {
        long keyId = keyId(datagram);
        int macAt = datagram.length - MAC_BYTES;
        byte[] expected = PeerCrypto.hmac(key.key(), Arrays.copyOf(datagram, macAt));
        if (!PeerCrypto.equal(expected, Arrays.copyOfRange(datagram, macAt, datagram.length))) {
            throw new PeerProtocolException("bad MAC on heartbeat datagram");
        }
        return new Opened(keyId, claimedSeq(datagram), Arrays.copyOfRange(datagram, HEADER_BYTES, macAt));
    }
}
