package io.hapair.node.peer;

import java.nio.ByteBuffer;

/**
 * The key of one direction's heartbeat datagrams, derived from that direction's TLS-session key (so
 * only the authenticated partner of this very session has it) and never used for anything else. Its
 * id travels in each datagram so the receiver picks the right key when a restarted or reconnected
 * partner has moved on to a new session while older datagrams are still in flight.
 *
 * @param id  8 bytes of an HMAC of the session key, so both ends compute the same id; not secret
 * @param key the HMAC-SHA256 key of the datagrams
 */
record DatagramKey(long id, byte[] key) {

    static DatagramKey derive(byte[] directionKey) {
        byte[] id = PeerCrypto.hmac(directionKey, PeerCrypto.utf8("heartbeat datagram key id"));
        return new DatagramKey(ByteBuffer.wrap(id).getLong(),
                PeerCrypto.hmac(directionKey, PeerCrypto.utf8("heartbeat datagram key")));
    }
}
