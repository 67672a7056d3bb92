package io.hapair.node.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.peer.PeerTransport;
import io.hapair.node.sync.model.Outbox;
import io.hapair.node.sync.model.ReplicaIndex;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncMessage;
import io.hapair.node.sync.model.SyncScope;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings sync with the pair's partner on the peer link, both directions alike: the {@link Replication}
 * protocol with the peer link's frames for transport. Every local commit is pushed at once, or right after the
 * acknowledgement of the push on its way (the caller subscribes {@link #push}); a digest comparison runs
 * periodically, on every reconnect and on "sync now",
 * and only the differing documents travel, each way. Received GEO documents are rewritten for this node
 * before they are merged. Settings never cross between different software versions: every message names
 * its sender's, and a partner with another is refused with the reason. Node-local settings never leave the
 * node: the channel carries synced types only, whatever the partner asks for. Runs on the node's event
 * loop; the store work runs on the settings worker.
 */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param ownAddress     this node's address (the GEO rewrite's target)
     * @param partnerAddress the partner's address (the GEO rewrite's source)
     */
    public record Identity(String software, int schema, String ownAddress, String partnerAddress) {
    }

    /** Where sync messages go: the peer link, or an in-memory pair in tests. */
    interface Channel {
        boolean canSend();

        /** Returns false when the link is not up (nothing sent). */
        boolean send(String type, String body);
    }

    /** Rewrites a received body for this node; identity for types that need none. */
    public interface BodyRewrite {
        String apply(String type, String body, String fromAddress, String toAddress);
    }

    private final Vertx vertx;
    private final SettingsService settings;
    private final Channel link;
    private final Identity self;
    private final BodyRewrite rewrite;
    private final Replication replication;
    private final Replication.Link partner;
    private final SyncState state = new SyncState();
    // Versions per index part, and the parts of the partner's index received so far.
    private final int indexPart;
    private Map<String, Version> indexSoFar = new HashMap<>();
    private volatile String partnerSoftware;

    /**
     * @param tombstonesKept types whose deletions are never forgotten, even once both nodes have them:
     *     types that other GEO units share, one of which may still hold the live version and offer it back
     */
    public SyncService(Vertx vertx, SettingsService settings, Supplier<PeerTransport> link, Identity self,
                       Set<String> syncedTypes, Set<String> tombstonesKept, BodyRewrite rewrite) {
        this(vertx, settings, new Channel() {
            @Override
            public boolean canSend() {
                PeerTransport l = link.get();
                return l != null && l.canSend();
            }

            @Override
            public boolean send(String type, String body) {
                PeerTransport l = link.get();
                return l != null && l.send(type, body);
            }
        }, self, syncedTypes, tombstonesKept, rewrite, Replication.BATCH);
    }

    SyncService(Vertx vertx, SettingsService settings, Channel link, Identity self, Set<String> syncedTypes,
                Set<String> tombstonesKept, BodyRewrite rewrite, int batch) {
        this.vertx = vertx;
        this.settings = settings;
        this.link = link;
        this.self = self;
        this.rewrite = rewrite;
        this.indexPart = batch;
        SyncScope scope = new SyncScope(syncedTypes, tombstonesKept);
        this.replication = new Replication(settings, new Replication.Policy("sync", scope, true, batch,
                UnaryOperator.identity(), this::received));
        this.partner = replication.link("partner " + self.partnerAddress(), new OverThePeerLink(), state);
    }

    /** Frames on the peer link: answers arrive as frames too, see {@link #receive}. */
    private final class OverThePeerLink implements Replication.Transport {
        @Override
        public boolean canSend() {
            return link.canSend() && partnerCompatible();
        }

        @Override
        public void offer(Map<String, String> digests) {
            send(SyncMessage.DIGEST, new SyncMessage.Digest(sender(), digests));
        }

        @Override
        public void deliver(Outbox.Batch batch) {
            send(SyncMessage.PUSH, new SyncMessage.Push(sender(), batch.id(), batch.sentAt(), batch.docs()));
        }

        @Override
        public void want(List<String> keys) {
            send(SyncMessage.WANT, new SyncMessage.Want(sender(), keys));
        }
    }

    /** A received document as this node stores it: GEO documents name this node where they named the partner. */
    private StoredDocument received(StoredDocument d) {
        if (d.deleted() || !replication.scope().carries(d.type())) {
            return d;
        }
        return new StoredDocument(d.type(), d.id(),
                rewrite.apply(d.type(), d.body(), self.partnerAddress(), self.ownAddress()), d.version());
    }

    public SyncState state() {
        return state;
    }

    /** True when settings can be sent to the partner now. */
    public boolean partnerReachable() {
        return link.canSend();
    }

    /** The partner's software version, from its heartbeats: settings are not sent to another version. */
    public void partnerSoftware(String version) {
        if (!version.equals(partnerSoftware)) {
            partnerSoftware = version;
            state.refusal(compatible(new SyncMessage.Sender(version, self.schema())) ? null
                    : mismatch(version, self.schema()));
        }
    }

    private SyncMessage.Sender sender() {
        return new SyncMessage.Sender(self.software(), self.schema());
    }

    private boolean compatible(SyncMessage.Sender s) {
        return self.software().equals(s.software()) && s.schema() <= self.schema();
    }

    private String mismatch(String software, int schema) {
        return "partner runs software " + software + " (settings schema " + schema + "), this node "
                + self.software() + " (schema " + self.schema() + "): settings are not synced until both run"
                + " the same version; upgrade the standby node first, then switch over and upgrade the other";
    }

    private boolean partnerCompatible() {
        return partnerSoftware == null || partnerSoftware.equals(self.software());
    }

    /** Pushes committed local changes of synced types to the partner now: subscribe it to local commits. */
    public void push(List<StoredDocument> docs) {
        partner.push(docs);
    }

    /**
     * The peer link went down: pushes not yet acknowledged may never be, so they stop counting as
     * pending and count as unsent until the comparison on reconnect sends what the partner lacks.
     */
    public void linkLost(String cause) {
        // The rest of an index in parts came on the lost connection, if at all: the next comparison sends it whole.
        indexSoFar = new HashMap<>();
        partner.dropPending("the peer link was lost (" + cause + "); the comparison on reconnect sends them again");
    }

    /** Starts a full comparison with the partner (on reconnect, periodically, and on "sync now"). */
    public boolean compareNow(String why) {
        return partner.compare(why);
    }

    /** An operator accepted a version of a conflicted document here: close it on the partner too. */
    public void resolved(String type, String id) {
        if (!replication.scope().carries(type)) {
            return;
        }
        send(SyncMessage.RESOLVED, new SyncMessage.Resolved(sender(), type, id));
    }

    /** A sync message from the partner (already authenticated by the peer link). */
    public void receive(String type, String body) {
        try {
            switch (type) {
                case SyncMessage.PUSH:
                    SyncMessage.Push push = JSON.readValue(body, SyncMessage.Push.class);
                    if (accepted(push.sender())) {
                        replication.accept(push.docs(), state)
                                .onSuccess(report -> send(SyncMessage.ACK, new SyncMessage.Ack(push.pushId(), push.sentAt())))
                                .onFailure(e -> LOG.error("sync: cannot store settings from the partner", e));
                    }
                    break;
                case SyncMessage.ACK:
                    state.partnerRefusal(null);
                    partner.acknowledged(JSON.readValue(body, SyncMessage.Ack.class).pushId());
                    break;
                case SyncMessage.DIGEST:
                    SyncMessage.Digest digest = JSON.readValue(body, SyncMessage.Digest.class);
                    if (accepted(digest.sender())) {
                        replication.answerOffer(digest.digests()).onSuccess(this::sendIndex);
                    }
                    break;
                case SyncMessage.INDEX:
                    SyncMessage.Index index = JSON.readValue(body, SyncMessage.Index.class);
                    if (accepted(index.sender())) {
                        if (index.more()) {
                            // An index in parts names more documents than a batch: a resync of up to that many
                            // documents is likely to follow, and the index itself takes heap while it arrives.
                            settings.expect(index.versions().size());
                        }
                        indexSoFar.putAll(index.versions());
                        if (!index.more()) {
                            Map<String, Version> whole = indexSoFar;
                            indexSoFar = new HashMap<>();
                            partner.indexed(new ReplicaIndex(index.types(), whole));
                        }
                    }
                    break;
                case SyncMessage.WANT:
                    SyncMessage.Want want = JSON.readValue(body, SyncMessage.Want.class);
                    if (accepted(want.sender())) {
                        partner.wanted(want.keys());
                    }
                    break;
                case SyncMessage.RESOLVED:
                    SyncMessage.Resolved r = JSON.readValue(body, SyncMessage.Resolved.class);
                    if (accepted(r.sender())) {
                        settings.closeConflict(r.type(), r.id());
                    }
                    break;
                case SyncMessage.REFUSED:
                    String reason = JSON.readValue(body, SyncMessage.Refused.class).reason();
                    LOG.warn("sync: partner refused our settings: {}", reason);
                    state.partnerRefusal(reason);
                    partner.dropPending("the partner refused them (" + reason + ")");
                    break;
                default:
                    LOG.warn("sync: ignoring unknown message type {} (newer partner?)", type);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sync: refused malformed {} message from partner: {}", type, e.getMessage());
            state.malformed();
        }
    }

    /** Our answer to the partner's offer, in parts of at most {@link #indexPart} versions. */
    private void sendIndex(ReplicaIndex index) {
        List<Map.Entry<String, Version>> versions = List.copyOf(index.versions().entrySet());
        int from = 0;
        do {
            int to = Math.min(versions.size(), from + indexPart);
            Map<String, Version> part = new HashMap<>();
            versions.subList(from, to).forEach(e -> part.put(e.getKey(), e.getValue()));
            send(SyncMessage.INDEX, new SyncMessage.Index(sender(), index.types(), part, to < versions.size()));
            from = to;
        } while (from < versions.size());
    }

    private boolean accepted(SyncMessage.Sender s) {
        if (compatible(s)) {
            return true;
        }
        String why = mismatch(s.software(), s.schema());
        if (!why.equals(state.refusal())) {
            LOG.warn("sync: refusing settings: {}", why);
        }
        state.refusal(why);
        send(SyncMessage.REFUSED, new SyncMessage.Refused(why));
        return false;
    }

    private void send(String type, Object message) {
        try {
            link.send(type, JSON.writeValueAsString(message));
        } catch (IOException e) {
            LOG.error("sync: cannot encode {}", type, e);
        }
    }

    /** Periodic anti-entropy. */
    public void start(long everyMillis) {
        vertx.setPeriodic(everyMillis, t -> compareNow("periodic"));
    }
}
