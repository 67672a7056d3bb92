package io.hapair.node.peer;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * Two nodes' peer transports joined in memory, on a simulated clock, with the faults of a real network
 * made deterministic by a seed (hashicorp memberlist's MockTransport is the model). Heartbeats behave as
 * the datagrams of {@link PeerLink}: each may be lost, duplicated or delayed (and so reordered) on its
 * own, and what arrives goes through the same {@link PartnerInbox} as on the real link. Messages behave
 * as its TLS connection: in order and once while it is up; a loss breaks the connection (both sides hear
 * linkLost, what was in flight is gone) and it reconnects after {@link #RECONNECT_MS}. A partition drops
 * everything both ways and breaks the connection without a refusal; a kill with the host up is a process
 * death (the survivor hears linkLost and partnerGone at once), with the host down a silent one. Nothing
 * happens between calls to {@link #runUntil}, which delivers what is due in time order. Thread-safe: the
 * nodes may send from their own event loops.
 */
public final class MemoryNetwork {

    public static final long RECONNECT_MS = 100;

    private record Pending(long at, long order, Runnable delivery) {
    }

    private final Random random;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at)
            : Long.compare(x.order, y.order));
    private long order;
    private long now;
    private double loss;
    private double duplicate;
    private long minDelay;
    private long maxDelay;
    private double messageLoss;
    private boolean partitioned;
    private int resets;
    private Transport first;
    private Transport second;

    public MemoryNetwork(long seed, long startAt) {
        this.random = new Random(seed);
        this.now = startAt;
    }

    /** Each heartbeat is lost with probability {@code p}, independently. */
    public synchronized MemoryNetwork loss(double p) {
        loss = p;
        return this;
    }

    /** Each heartbeat that arrives arrives twice with probability {@code p}. */
    public synchronized MemoryNetwork duplicate(double p) {
        duplicate = p;
        return this;
    }

    /** Every heartbeat and message takes between {@code min} and {@code max} ms (heartbeats may overtake each other). */
    public synchronized MemoryNetwork delay(long min, long max) {
        minDelay = min;
        maxDelay = max;
        return this;
    }

    /** Each message breaks the connection with probability {@code p}: it and everything in flight is lost. */
    public synchronized MemoryNetwork messageLoss(double p) {
        messageLoss = p;
        return this;
    }

    /** Cuts (true) or heals (false) the network between the two nodes. */
    public synchronized void partition(boolean cut) {
        partitioned = cut;
        if (cut) {
            resetConnection("partition");
        } else {
            reconnectLater();
        }
    }

    /**
     * Kills a node's process. With its host up, the partner hears at once that the connection closed and
     * the reconnect was refused; with its host down (or frozen), the partner hears nothing at all.
     */
    public synchronized void kill(Transport node, boolean hostUp) {
        node.alive = false;
        Transport other = node.other();
        if (other.connected) {
            other.connected = false;
            node.connected = false;
            if (hostUp) {
                // As PeerLink does on partnerGone: the dead process's keys open nothing any more.
                other.keyed = false;
                at(now, other, () -> {
                    other.listener.linkLost("connection closed");
                    other.listener.partnerGone("connection closed, and the partner's peer port refused the reconnect");
                });
            }
        }
    }

    /** How often the connection broke, by loss, partition or reset. */
    public synchronized int resets() {
        return resets;
    }

    public synchronized long now() {
        return now;
    }

    /** Delivers everything due up to {@code until}, in time order, and moves the clock there. */
    public synchronized void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Pending p = queue.poll();
            now = p.at;
            p.delivery.run();
        }
        now = until;
    }

    /** A node's transport; its listener is called on {@code executor} (the node's event loop, or directly). */
    public synchronized Transport join(Executor executor) {
        Transport t = new Transport(executor);
        if (first == null) {
            first = t;
        } else {
            second = t;
        }
        return t;
    }

    private void at(long when, Transport to, Runnable delivery) {
        queue.add(new Pending(when, order++, () -> to.executor.execute(() -> {
            synchronized (this) {
                delivery.run();
            }
        })));
    }

    private long delay() {
        return maxDelay <= minDelay ? minDelay : minDelay + random.nextInt((int) (maxDelay - minDelay + 1));
    }

    /** Resets the connection (a middlebox timing it out, a TCP reset): both hear linkLost, then it reconnects. */
    public synchronized void resetConnection(String cause) {
        if (!first.connected && !second.connected) {
            return;
        }
        resets++;
        first.session++;
        second.session++;
        for (Transport t : new Transport[] {first, second}) {
            boolean was = t.connected;
            t.connected = false;
            if (was && t.alive) {
                at(now, t, () -> t.listener.linkLost(cause));
            }
        }
        reconnectLater();
    }

    private void reconnectLater() {
        queue.add(new Pending(now + RECONNECT_MS, order++, this::connectIfPossible));
    }

    private synchronized void connectIfPossible() {
        if (partitioned || first == null || second == null || !first.alive || !second.alive || first.connected) {
            return;
        }
        first.session++;
        second.session++;
        for (Transport t : new Transport[] {first, second}) {
            t.connected = true;
            t.keyed = true;
            at(now, t, t.listener::connected);
        }
    }

    /** One node's end. */
    public final class Transport implements PeerTransport {
        private final Executor executor;
        private final PeerStats stats = new PeerStats();
        private Listener listener;
        private PartnerInbox inbox;
        private boolean alive;
        private boolean connected;
        // Heartbeats need a key, and keys come from a first handshake; they then outlive the connection.
        private boolean keyed;
        private long session;
        private long lastMessageAt;

        private Transport(Executor executor) {
            this.executor = executor;
        }

        /** Set before {@link #start}: a node's listener is built after its transport. */
        public void listener(Listener l) {
            listener = l;
        }

        Transport other() {
            return this == first ? second : first;
        }

        @Override
        public Future<Void> start() {
            synchronized (MemoryNetwork.this) {
                alive = true;
                keyed = false;
                inbox = new PartnerInbox(listener, stats, "partner");
                reconnectLater();
                return Future.succeededFuture();
            }
        }

        @Override
        public Future<Void> stop() {
            kill(this, true);
            return Future.succeededFuture();
        }

        @Override
        public void sendHeartbeat(Heartbeat heartbeat) {
            synchronized (MemoryNetwork.this) {
                Transport to = other();
                if (!alive || !keyed || partitioned || random.nextDouble() < loss) {
                    return;
                }
                stats.datagramsSent.incrementAndGet();
                byte[] payload;
                try {
                    payload = PeerJson.MAPPER.writeValueAsBytes(heartbeat);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int copies = random.nextDouble() < duplicate ? 2 : 1;
                for (int i = 0; i < copies; i++) {
                    at(now + delay(), to, () -> {
                        if (to.alive && to.keyed) {
                            to.stats.datagramsReceived.incrementAndGet();
                            to.inbox.datagram(payload);
                        }
                    });
                }
            }
        }

        @Override
        public boolean send(String type, String body) {
            synchronized (MemoryNetwork.this) {
                if (!canSend()) {
                    return false;
                }
                if (random.nextDouble() < messageLoss) {
                    resetConnection("connection reset by loss");
                    return true;
                }
                Transport to = other();
                long inSession = session;
                // A connection delivers in order: no message overtakes the one before.
                lastMessageAt = Math.max(now + delay(), lastMessageAt);
                at(lastMessageAt, to, () -> {
                    if (to.alive && to.connected && to.session == inSession) {
                        to.inbox.deliver(type, 0, body);
                    }
                });
                return true;
            }
        }

        @Override
        public boolean canSend() {
            synchronized (MemoryNetwork.this) {
                return alive && connected;
            }
        }

        @Override
        public PeerStats stats() {
            return stats;
        }
    }
}
