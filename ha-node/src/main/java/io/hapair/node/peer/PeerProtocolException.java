package io.hapair.node.peer;

/** A peer broke the protocol or failed authentication; the connection is closed and the reason logged. */
public final class PeerProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public PeerProtocolException(String message) {
        super(message);
    }
}
