package io.hapair.node.peer;

import io.vertx.core.Future;

/**
 * How a node talks with its partner: what the role machine, heartbeats and sync need of the peer link,
 * and nothing of how it is done. {@link PeerLink} is the real one (TLS on the peer port for messages,
 * authenticated UDP datagrams for heartbeats); tests use an in-memory network that drops, delays,
 * duplicates, partitions and kills deterministically. Runs on one event loop; the listener is called there.
 */
public interface PeerTransport {

    /** What the transport delivers to the node: only authenticated, fresh messages, and what it saw of the partner. */
    interface Listener {
        void heartbeat(Heartbeat heartbeat);

        /** Any other authenticated message (settings sync), in the order the partner sent them. */
        void message(String type, String body);

        /** A connection with the partner is being set up (connect, TLS, authentication), or no longer. */
        void handshakePending(boolean pending);

        /** Our outgoing connection authenticated: a good moment for a heartbeat and a sync comparison. */
        void connected();

        /** A connection with the partner closed; messages in flight may be lost. Says nothing of the partner's life. */
        void linkLost(String cause);

        /**
         * The partner's process is gone while its host is up: a connection closed and the partner's peer
         * port refused the reconnect at once. Heartbeat timeouts need not be waited out.
         */
        void partnerGone(String cause);
    }

    Future<Void> start();

    Future<Void> stop();

    /** Sends a heartbeat by the fastest way there is; dropped when there is none yet. */
    void sendHeartbeat(Heartbeat heartbeat);

    /** Sends a message; returns false when the link is not up (nothing sent). */
    boolean send(String type, String body);

    /** True when messages can be sent now. */
    boolean canSend();

    PeerStats stats();
}
