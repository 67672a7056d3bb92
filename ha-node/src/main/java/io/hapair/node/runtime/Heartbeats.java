package io.hapair.node.runtime;

import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.PeerTransport;
import io.hapair.node.role.PartnerReport;
import java.util.function.Supplier;

/**
 * The heartbeats this node sends its partner, and what they echo of the partner's: each carries the
 * partner's last send time and how long it was held here, so the partner can measure the link's
 * round trip. Runs on the node's event loop.
 */
final class Heartbeats {

    private final PeerTransport link;
    private final Supplier<PartnerReport> ownReport;
    // A restarted node is told apart from one that only lost its link.
    private final long incarnation = System.currentTimeMillis();
    private long lastPartnerSentAt = -1;
    private long lastPartnerReceivedAt = -1;
    private long lastSentAt = -1;
    // From the partner's heartbeats; GEO partners must not reuse it (version vectors count edits per name).
    private volatile String partnerName;

    Heartbeats(PeerTransport link, Supplier<PartnerReport> ownReport) {
        this.link = link;
        this.ownReport = ownReport;
    }

    void received(Heartbeat heartbeat) {
        lastPartnerSentAt = heartbeat.sentAt();
        partnerName = heartbeat.report().nodeName();
        lastPartnerReceivedAt = System.currentTimeMillis();
    }

    /** Sends one now; nothing before the role machine has started. */
    void send() {
        PartnerReport report = ownReport.get();
        if (report == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long held = lastPartnerReceivedAt < 0 ? 0 : now - lastPartnerReceivedAt;
        // The partner keeps only heartbeats newer than the last: a clock stepping back must not silence us.
        lastSentAt = Math.max(now, lastSentAt + 1);
        link.sendHeartbeat(new Heartbeat(report, incarnation, lastSentAt, lastPartnerSentAt, held));
    }

    /** Thread-safe; null until the partner's first heartbeat. */
    String partnerName() {
        return partnerName;
    }
}
