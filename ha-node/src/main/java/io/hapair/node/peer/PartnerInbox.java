package io.hapair.node.peer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.role.PartnerReport;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands frames that passed the session's MAC and sequence checks, and heartbeat datagrams that passed
 * theirs, to the listener. A heartbeat goes on only when it is complete and not from a stale
 * incarnation; any other message only when its body is one JSON object (what it means is the
 * listener's business, so a newer partner's new message types do not break the link).
 *
 * <p>Heartbeats come as datagrams and, as a fallback, on the TLS link too (for a network where the
 * peer port's UDP is blocked, and for a partner running a version before datagrams). A heartbeat goes
 * on only when it is newer than every one delivered so far (its send time strictly increases within
 * an incarnation): whichever copy of a heartbeat comes second says nothing new, and a late one, as TCP
 * delivers them under loss, carries the partner's past state, which must not overwrite its present.
 *
 * <p>A frame that verifies but cannot be read comes from the authenticated partner, never from an
 * attacker (only the session key makes a valid MAC): a bug or a version skew. It is refused alone
 * (logged, counted, dropped; its sequence number is spent) and the connection stays up. Closing it
 * would not help, as the partner would reconnect and send the same again, and it would turn one
 * unreadable message type into a flapping link and with it into lost heartbeats.
 */
final class PartnerInbox {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerInbox.class);

    private final ObjectMapper json = PeerJson.MAPPER;
    // Datagrams come ten a second: an unreadable kind would otherwise write ten lines a second.
    private final RateLimitedLog datagramLog = new RateLimitedLog(LOG, 10_000, System::nanoTime);
    private final PeerTransport.Listener listener;
    private final PeerStats stats;
    private final String partner;
    private long highestIncarnation = -1;
    private Heartbeat last;

    PartnerInbox(PeerTransport.Listener listener, PeerStats stats, String partner) {
        this.listener = listener;
        this.stats = stats;
        this.partner = partner;
    }

    /** {@code body} is verified; returns normally whatever it holds. */
    void deliver(String type, long seq, String body) {
        if ("heartbeat".equals(type)) {
            Heartbeat hb;
            try {
                hb = heartbeat(body);
            } catch (IOException | PeerProtocolException | RuntimeException e) {
                refuse(type, seq, PeerJson.reason(e));
                return;
            }
            deliver(hb);
            return;
        }
        try {
            requireJsonObject(body);
        } catch (IOException | PeerProtocolException | RuntimeException e) {
            refuse(type, seq, PeerJson.reason(e));
            return;
        }
        listener.message(type, body);
    }

    /** {@code payload} is of an authentic datagram, the newest from the partner. */
    void datagram(byte[] payload) {
        Heartbeat hb;
        try {
            hb = PeerJson.HEARTBEAT.readValue(payload);
            requireComplete(hb);
        } catch (IOException | PeerProtocolException | RuntimeException e) {
            String reason = PeerJson.reason(e);
            stats.refused.incrementAndGet();
            stats.datagramsRefused.incrementAndGet();
            stats.lastRefusal = "partner " + partner + ": unreadable heartbeat datagram: " + reason;
            datagramLog.warn("peer: refused partner {}'s heartbeat datagram (authenticated, but unreadable): {}",
                    partner, reason);
            return;
        }
        deliver(hb);
    }

    private void deliver(Heartbeat hb) {
        if (hb.incarnation() < highestIncarnation) {
            stats.staleRejected.incrementAndGet();
            LOG.warn("peer: refused heartbeat from a stale incarnation {} (current {})", hb.incarnation(),
                    highestIncarnation);
            return;
        }
        if (last != null && hb.incarnation() == last.incarnation() && hb.sentAt() <= last.sentAt()) {
            // The other copy of one already delivered, or overtaken: neither a fault nor news.
            return;
        }
        highestIncarnation = hb.incarnation();
        last = hb;
        stats.heartbeatsReceived.incrementAndGet();
        if (hb.echoSentAt() > 0) {
            stats.lastRttMillis = Math.max(0, System.currentTimeMillis() - hb.echoSentAt() - hb.echoHeldMs());
        }
        listener.heartbeat(hb);
    }

    private Heartbeat heartbeat(String body) throws IOException, PeerProtocolException {
        Heartbeat hb = PeerJson.HEARTBEAT.readValue(body);
        requireComplete(hb);
        return hb;
    }

    private static void requireComplete(Heartbeat hb) throws PeerProtocolException {
        PartnerReport r = hb == null ? null : hb.report();
        // The state machine reads every one of these; a heartbeat without one is not a heartbeat.
        if (r == null || r.nodeName() == null || r.mode() == null || r.preferred() == null || r.activity() == null
                || r.softwareVersion() == null) {
            throw new PeerProtocolException("heartbeat without a complete report");
        }
    }

    /** Streams through the body without building it: sync bodies can be megabytes. */
    private void requireJsonObject(String body) throws IOException, PeerProtocolException {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PeerProtocolException("body is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new PeerProtocolException("body has data after its JSON object");
            }
        }
    }

    private void refuse(String type, long seq, String reason) {
        stats.refused.incrementAndGet();
        stats.lastRefusal = "partner " + partner + ": unreadable " + type + " frame " + seq + ": " + reason;
        LOG.warn("peer: refused partner {}'s {} frame {} (authenticated, but unreadable; the link stays up): {}",
                partner, type, seq, reason);
    }
}
