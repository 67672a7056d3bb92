package io.hapair.node.peer;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the peer link, read by the status API and metrics. */
public final class PeerStats {

    final AtomicLong refused = new AtomicLong();
    final AtomicLong authenticated = new AtomicLong();
    final AtomicLong heartbeatsReceived = new AtomicLong();
    final AtomicLong staleRejected = new AtomicLong();
    final AtomicLong datagramsSent = new AtomicLong();
    final AtomicLong datagramsReceived = new AtomicLong();
    final AtomicLong datagramsLate = new AtomicLong();
    final AtomicLong datagramsRefused = new AtomicLong();
    final AtomicLong partnerGone = new AtomicLong();
    final AtomicLong bodyBytesSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    volatile boolean outgoingDeflates;
    volatile long lastRttMillis = -1;
    volatile String lastRefusal;
    // The partner's address(es) as the link uses them now: resolved from its DNS name, when it has one.
    volatile String partnerAddress;
    volatile boolean outgoingUp;
    volatile boolean incomingUp;

    /** The partner's address(es) the link dials and accepts now. */
    public String partnerAddress() {
        return partnerAddress;
    }

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

    /** Bytes of the message bodies sent on the outgoing connection, before any deflating. */
    public long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    /** Bytes of the frames written on the outgoing connection (before TLS): large bodies deflated, when agreed. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Whether the partner agreed to receive large bodies deflated; false for a partner of an earlier version. */
    public boolean outgoingDeflates() {
        return outgoingDeflates;
    }

    /** Heartbeat datagrams sent to the partner. */
    public long datagramsSent() {
        return datagramsSent.get();
    }

    /** Heartbeat datagrams that verified and were the partner's newest. */
    public long datagramsReceived() {
        return datagramsReceived.get();
    }

    /** Authentic heartbeat datagrams overtaken by a newer one (reordered in transit); dropped, no fault. */
    public long datagramsLate() {
        return datagramsLate.get();
    }

    /** Datagrams refused (wrong source, malformed, unknown key, replayed, bad MAC); also counted in {@link #refused}. */
    public long datagramsRefused() {
        return datagramsRefused.get();
    }

    /** Times a closed link's reconnect was refused: the partner's process was gone while its host was up. */
    public long partnerGone() {
        return partnerGone.get();
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
