package io.hapair.node.peer;

/**
 * One frame on the peer link. {@code body} is JSON text carried as a string so that the MAC covers
 * its exact bytes. Handshake frames carry no MAC; every later frame does, over version, type,
 * sequence number and body. Once both sides agreed on it in the handshake, later frames carry the same
 * fields with the body as bytes instead ({@link RawFrame}).
 *
 * @param v    protocol version; a peer speaking another major version is refused with a reason
 * @param type message type: hello, challenge, auth, welcome, refused, heartbeat (sync adds more)
 * @param seq  strictly increasing per direction and session; a repeat or a step back is a replay
 * @param body JSON text of the message
 * @param mac  base64 HMAC-SHA256 with the session's key for this direction, null during the handshake
 */
public record Envelope(int v, String type, long seq, String body, String mac) {

    public static final int PROTOCOL_VERSION = 1;
}
