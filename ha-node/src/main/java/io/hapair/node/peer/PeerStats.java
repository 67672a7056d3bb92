package io.hapair.node.peer;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the peer link, read by the status API and metrics. */
public final class PeerStats {

    final AtomicLong refused = new AtomicLong();
    final AtomicLong authenticated = new AtomicLong();
    final AtomicLong heartbeatsReceived = new AtomicLong();
    final AtomicLong staleRejected = new AtomicLong();
    volatile long lastRttMillis = -1;
    volatile String lastRefusal;
    volatile boolean outgoingUp;
    volatile boolean incomingUp;

    public long refused() {
        return refused.get();
    }

    public long authenticated() {
        return authenticated.get();
    }

    public long heartbeatsReceived() {
        return heartbeatsReceived.get();
    }

    public long staleRejected() {
        return staleRejected.get();
    }

    public long lastRttMillis() {
        return lastRttMillis;
    }

    public String lastRefusal() {
        return lastRefusal;
    }

    public boolean outgoingUp() {
        return outgoingUp;
    }

    public boolean incomingUp() {
        return incomingUp;
    }
}
