package io.hapair.node.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.peer.PeerLink;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings sync on the peer link, both directions alike: every local commit is pushed at once; a
 * digest comparison (anti-entropy) runs periodically, on every reconnect and on "sync now", and only
 * the differing documents travel. Received GEO documents are rewritten for this node before they
 * are merged. Settings never cross between different software versions. Runs on the node's event
 * loop; the store work runs on the settings worker.
 */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    // Documents per push frame: 10,000 virtual services travel in 20 frames of well under 16 MiB.
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param ownAddress     this node's address (the GEO rewrite's target)
     * @param partnerAddress the partner's address (the GEO rewrite's source)
     */
    public record Identity(String software, int schema, String ownAddress, String partnerAddress) {
    }

    /** Rewrites a received body for this node; identity for types that need none. */
    public interface BodyRewrite {
        String apply(String type, String body, String fromAddress, String toAddress);
    }

    private final Vertx vertx;
    private final SettingsService settings;
    private final Supplier<PeerLink> link;
    private final Identity self;
    private final Set<String> syncedTypes;
    private final Set<String> tombstonesKept;
    private final BodyRewrite rewrite;
    private final SyncState state = new SyncState();
    private final Map<Long, long[]> pending = new HashMap<>();
    private long nextPushId = 1;
    // Versions sent since the last comparison started. Both nodes compare on reconnect, so a document
    // can be due twice (our own comparison sends it, and the partner's asks for it): it goes once.
    private final Map<String, Version> sentSinceComparison = new HashMap<>();
    private volatile String partnerSoftware;

    /**
     * @param tombstonesKept types whose deletions are never forgotten, even once both nodes have them:
     *     types that other GEO units share, one of which may still hold the live version and offer it back
     */
    public SyncService(Vertx vertx, SettingsService settings, Supplier<PeerLink> link, Identity self,
                       Set<String> syncedTypes, Set<String> tombstonesKept, BodyRewrite rewrite) {
        this.vertx = vertx;
        this.settings = settings;
        this.link = link;
        this.self = self;
        this.syncedTypes = Set.copyOf(syncedTypes);
        this.tombstonesKept = Set.copyOf(tombstonesKept);
        this.rewrite = rewrite;
        settings.onLocalCommit(docs -> vertx.runOnContext(v -> push(docs)));
    }

    public SyncState state() {
        return state;
    }

    /** True when settings can be sent to the partner now. */
    public boolean partnerReachable() {
        PeerLink l = link.get();
        return l != null && l.canSend();
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

    /** Pushes committed local changes of synced types to the partner now. */
    void push(List<StoredDocument> docs) {
        List<StoredDocument> synced = docs.stream().filter(d -> syncedTypes.contains(d.type())).toList();
        if (synced.isEmpty()) {
            return;
        }
        state.localChanges(synced.size());
        sendDocs(synced);
    }

    private void sendDocs(List<StoredDocument> all) {
        PeerLink l = link.get();
        if (l == null || !l.canSend() || !partnerCompatible()) {
            state.unsent(all.size());
            return;
        }
        List<StoredDocument> docs = all.stream()
                .filter(d -> !d.version().equals(sentSinceComparison.put(d.key(), d.version()))).toList();
        if (docs.isEmpty()) {
            return;
        }
        for (int i = 0; i < docs.size(); i += BATCH) {
            List<StoredDocument> batch = docs.subList(i, Math.min(docs.size(), i + BATCH));
            long id = nextPushId++;
            long now = System.currentTimeMillis();
            pending.put(id, new long[] {now, batch.size()});
            send(SyncMessage.PUSH, new SyncMessage.Push(sender(), id, now, List.copyOf(batch)));
        }
        state.pushed(docs.size(), pendingCount());
    }

    private int pendingCount() {
        return pending.values().stream().mapToInt(p -> (int) p[1]).sum();
    }

    /** Starts a full comparison with the partner (on reconnect, periodically, and on "sync now"). */
    public boolean compareNow(String why) {
        PeerLink l = link.get();
        if (l == null || !l.canSend()) {
            return false;
        }
        if (!partnerCompatible()) {
            return false;
        }
        sentSinceComparison.clear();
        settings.digest(syncedTypes).onSuccess(d -> {
            state.comparisonStarted(why);
            send(SyncMessage.DIGEST, new SyncMessage.Digest(sender(), d));
        });
        return true;
    }

    /** An operator accepted a version of a conflicted document here: close it on the partner too. */
    public void resolved(String type, String id) {
        send(SyncMessage.RESOLVED, new SyncMessage.Resolved(sender(), type, id));
    }

    /** A sync message from the partner (already authenticated by the peer link). */
    public void receive(String type, String body) {
        try {
            switch (type) {
                case SyncMessage.PUSH:
                    onPush(JSON.readValue(body, SyncMessage.Push.class));
                    break;
                case SyncMessage.ACK:
                    onAck(JSON.readValue(body, SyncMessage.Ack.class));
                    break;
                case SyncMessage.DIGEST:
                    onDigest(JSON.readValue(body, SyncMessage.Digest.class));
                    break;
                case SyncMessage.INDEX:
                    onIndex(JSON.readValue(body, SyncMessage.Index.class));
                    break;
                case SyncMessage.WANT:
                    onWant(JSON.readValue(body, SyncMessage.Want.class));
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
                    break;
                default:
                    LOG.warn("sync: ignoring unknown message type {} (newer partner?)", type);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sync: refused malformed {} message from partner: {}", type, e.getMessage());
            state.malformed();
        }
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

    private void onPush(SyncMessage.Push push) {
        if (!accepted(push.sender())) {
            return;
        }
        List<StoredDocument> docs = new ArrayList<>();
        for (StoredDocument d : push.docs()) {
            if (!syncedTypes.contains(d.type())) {
                LOG.warn("sync: partner sent {} which is node-local here; ignored", d.key());
                continue;
            }
            docs.add(d.deleted() ? d : new StoredDocument(d.type(), d.id(),
                    rewrite.apply(d.type(), d.body(), self.partnerAddress(), self.ownAddress()), d.version()));
        }
        settings.merge(docs).onSuccess(report -> {
            report.conflicts().forEach(c -> LOG.warn("sync: conflict on {}: kept the version of {} (edited at {}),"
                    + " the version of {} is kept as a conflict until an operator accepts one",
                    c.winner().key(), c.winner().version().origin(), c.winner().version().wall(),
                    c.loser().version().origin()));
            state.received(report.applied(), report.kept(), report.conflicts().size());
            send(SyncMessage.ACK, new SyncMessage.Ack(push.pushId(), push.sentAt()));
        }).onFailure(e -> LOG.error("sync: cannot store settings from the partner", e));
    }

    private void onAck(SyncMessage.Ack ack) {
        state.partnerRefusal(null);
        long[] p = pending.remove(ack.pushId());
        if (p != null) {
            state.acked(System.currentTimeMillis() - p[0], pendingCount());
        }
    }

    private void onDigest(SyncMessage.Digest digest) {
        if (!accepted(digest.sender())) {
            return;
        }
        settings.digest(syncedTypes).onSuccess(mine -> {
            TreeSet<String> differ = new TreeSet<>();
            for (String t : syncedTypes) {
                if (!String.valueOf(mine.get(t)).equals(String.valueOf(digest.digests().get(t)))) {
                    differ.add(t);
                }
            }
            settings.index(differ).onSuccess(versions ->
                    send(SyncMessage.INDEX, new SyncMessage.Index(sender(), List.copyOf(differ), versions)));
        });
    }

    private void onIndex(SyncMessage.Index index) {
        if (!accepted(index.sender())) {
            return;
        }
        settings.index(index.types()).onSuccess(mine -> {
            AntiEntropy.Plan plan = AntiEntropy.compare(mine, index.versions());
            Map<String, Version> bothGone = new HashMap<>();
            if (!plan.want().isEmpty()) {
                send(SyncMessage.WANT, new SyncMessage.Want(sender(), plan.want()));
            }
            settings.fetch(plan.send()).onSuccess(docs -> {
                if (!docs.isEmpty()) {
                    sendDocs(docs);
                }
                state.comparisonDone(plan.send().size(), plan.want().size());
            });
            settings.fetch(mine.keySet()).onSuccess(all -> {
                for (StoredDocument d : all) {
                    Version theirs = index.versions().get(d.key());
                    if (d.deleted() && theirs != null && d.version().compareTo(theirs) == Version.Order.SAME
                            && !tombstonesKept.contains(d.type())) {
                        bothGone.put(d.key(), d.version());
                    }
                }
                if (!bothGone.isEmpty()) {
                    settings.collectTombstones(bothGone);
                }
            });
        });
    }

    private void onWant(SyncMessage.Want want) {
        if (!accepted(want.sender())) {
            return;
        }
        List<String> keys = want.keys().stream()
                .filter(k -> syncedTypes.contains(k.substring(0, Math.max(0, k.indexOf('/'))))).toList();
        settings.fetch(keys).onSuccess(this::sendDocs);
    }

    private void send(String type, Object message) {
        PeerLink l = link.get();
        if (l == null) {
            return;
        }
        try {
            l.send(type, JSON.writeValueAsString(message));
        } catch (IOException e) {
            LOG.error("sync: cannot encode {}", type, e);
        }
    }

    /** Periodic anti-entropy. */
    public void start(long everyMillis) {
        vertx.setPeriodic(everyMillis, t -> compareNow("periodic"));
    }
}
