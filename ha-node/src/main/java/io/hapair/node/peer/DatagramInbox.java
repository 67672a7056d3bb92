package io.hapair.node.peer;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The partner's heartbeat-datagram keys as this node knows them: the one from its current incoming
 * session and the one before, each with its own {@link ReplayWindow}. Keys outlive their TLS
 * connection: a TLS link that drops or reconnects under loss must not silence the heartbeats. A
 * newer session's key retires the older one as soon as a datagram under it arrives, so a datagram of
 * the old session still in flight can never be taken for the partner's newest state.
 */
final class DatagramInbox {

    static final int KEYS_KEPT = 2;

    private static final class Receiving {
        final DatagramKey key;
        final ReplayWindow window = new ReplayWindow();
        boolean retired;

        Receiving(DatagramKey key) {
            this.key = key;
        }
    }

    private final Deque<Receiving> keys = new ArrayDeque<>();

    /** The key of a newly authenticated incoming session. */
    void add(DatagramKey key) {
        if (keys.stream().anyMatch(r -> r.key.id() == key.id())) {
            return;
        }
        keys.addFirst(new Receiving(key));
        while (keys.size() > KEYS_KEPT) {
            keys.removeLast();
        }
    }

    /** The partner's process is gone: nothing sealed with its keys counts any more. */
    void forget() {
        keys.clear();
    }

    /**
     * Opens a datagram: returns its payload when it is the partner's newest, null when it is authentic
     * but overtaken (late or from a retired key); throws when it is refused (malformed, unknown key,
     * replayed, bad MAC).
     */
    byte[] open(byte[] datagram) throws PeerProtocolException {
        long id = HeartbeatDatagram.keyId(datagram);
        Receiving receiving = null;
        for (Receiving r : keys) {
            if (r.key.id() == id) {
                receiving = r;
                break;
            }
        }
        if (receiving == null) {
            throw new PeerProtocolException("heartbeat datagram under an unknown key (not from a current session of"
                    + " the partner)");
        }
        long claimed = HeartbeatDatagram.claimedSeq(datagram);
        if (receiving.window.check(claimed) == ReplayWindow.Verdict.REPLAY) {
            throw new PeerProtocolException("replayed heartbeat datagram: sequence " + claimed);
        }
        HeartbeatDatagram.Opened opened = HeartbeatDatagram.open(receiving.key, datagram);
        ReplayWindow.Verdict verdict = receiving.window.accept(opened.seq());
        if (verdict != ReplayWindow.Verdict.NEWEST || receiving.retired) {
            return null;
        }
        boolean older = false;
        for (Receiving r : keys) {
            r.retired |= older;
            older |= r == receiving;
        }
        return opened.payload();
    }
}
