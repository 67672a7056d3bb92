package io.hapair.node.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.peer.PeerLink;
import io.hapair.node.sync.model.AntiEntropy;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncMessage;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings sync on the peer link, both directions alike: every local commit is pushed at once; a
 * digest comparison (anti-entropy) runs periodically, on every reconnect and on "sync now", and only
 * the differing documents travel. Received GEO documents are rewritten for this node before they
 * are merged. Settings never cross between different software versions. Node-local settings never
 * leave the node: every message is built from synced types only, whatever the partner asks for. Runs
 * on the node's event loop; the store work runs on the settings worker.
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
    private final int batch;
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
        this(vertx, settings, new Channel() {
            @Override
            public boolean canSend() {
                PeerLink l = link.get();
                return l != null && l.canSend();
            }

            @Override
            public boolean send(String type, String body) {
                PeerLink l = link.get();
                return l != null && l.send(type, body);
            }
        }, self, syncedTypes, tombstonesKept, rewrite, BATCH);
    }

    SyncService(Vertx vertx, SettingsService settings, Channel link, Identity self, Set<String> syncedTypes,
                Set<String> tombstonesKept, BodyRewrite rewrite, int batch) {
        this.vertx = vertx;
        this.settings = settings;
        this.link = link;
        this.batch = batch;
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

    /** Pushes committed local changes of synced types to the partner now. */
    void push(List<StoredDocument> docs) {
        List<StoredDocument> synced = syncedOnly(docs);
        if (synced.isEmpty()) {
            return;
        }
        state.localChanges(synced.size());
        sendDocs(synced);
    }

    private List<StoredDocument> syncedOnly(List<StoredDocument> docs) {
        return docs.stream().filter(d -> syncedTypes.contains(d.type())).toList();
    }

    private boolean syncedKey(String key) {
        return syncedTypes.contains(typeOf(key));
    }

    private static String typeOf(String key) {
        return key.substring(0, Math.max(0, key.indexOf('/')));
    }

    /** Every path that sends documents (push, comparison, answers to wants) ends here, so the filter is here. */
    private void sendDocs(List<StoredDocument> all) {
        List<StoredDocument> synced = syncedOnly(all);
        if (!link.canSend() || !partnerCompatible()) {
            state.unsent(synced.size());
            return;
        }
        List<StoredDocument> docs = synced.stream()
                .filter(d -> !d.version().equals(sentSinceComparison.put(d.key(), d.version()))).toList();
        if (docs.isEmpty()) {
            return;
        }
        for (int i = 0; i < docs.size(); i += batch) {
            List<StoredDocument> part = docs.subList(i, Math.min(docs.size(), i + batch));
            long id = nextPushId++;
            long now = System.currentTimeMillis();
            pending.put(id, new long[] {now, part.size()});
            send(SyncMessage.PUSH, new SyncMessage.Push(sender(), id, now, List.copyOf(part)));
        }
        state.pushed(docs.size(), pendingCount());
    }

    /**
     * The peer link went down: pushes not yet acknowledged may never be, so they stop counting as
     * pending and count as unsent until the comparison on reconnect sends what the partner lacks.
     */
    public void linkLost(String cause) {
        sentSinceComparison.clear();
        int dropped = dropPending("the peer link was lost (" + cause + "); the comparison on reconnect sends them again");
        state.unsent(dropped);
    }

    private int dropPending(String why) {
        int n = pendingCount();
        pending.clear();
        if (n > 0) {
            LOG.warn("sync: dropping {} unacknowledged changes: {}", n, why);
            state.unacknowledged(n, why);
        }
        return n;
    }

    private int pendingCount() {
        return pending.values().stream().mapToInt(p -> (int) p[1]).sum();
    }

    /** Starts a full comparison with the partner (on reconnect, periodically, and on "sync now"). */
    public boolean compareNow(String why) {
        if (!link.canSend() || !partnerCompatible()) {
            return false;
        }
        sentSinceComparison.clear();
        digest().onSuccess(d -> {
            state.comparisonStarted(why);
            send(SyncMessage.DIGEST, new SyncMessage.Digest(sender(), d));
        });
        return true;
    }

    // The store reads an empty type list as "all types": asking for no type must not ask the store.
    private Future<Map<String, String>> digest() {
        return syncedTypes.isEmpty() ? Future.succeededFuture(Map.of()) : settings.digest(syncedTypes);
    }

    private Future<Map<String, Version>> index(Collection<String> types) {
        List<String> synced = types.stream().filter(syncedTypes::contains).toList();
        return synced.isEmpty() ? Future.succeededFuture(Map.of()) : settings.index(synced);
    }

    /** An operator accepted a version of a conflicted document here: close it on the partner too. */
    public void resolved(String type, String id) {
        if (!syncedTypes.contains(type)) {
            return;
        }
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
                    dropPending("the partner refused them (" + reason + ")");
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
        long asked = System.currentTimeMillis();
        digest().onSuccess(mine -> {
            TreeSet<String> differ = new TreeSet<>();
            for (String t : syncedTypes) {
                if (!String.valueOf(mine.get(t)).equals(String.valueOf(digest.digests().get(t)))) {
                    differ.add(t);
                }
            }
            List<String> agree = syncedTypes.stream()
                    .filter(t -> !differ.contains(t) && !tombstonesKept.contains(t)).toList();
            index(differ).compose(versions -> tombstonesBefore(agree, asked).onSuccess(gone -> {
                Map<String, Version> all = new HashMap<>(versions);
                all.putAll(gone);
                send(SyncMessage.INDEX, new SyncMessage.Index(sender(), List.copyOf(differ), all));
                if (!gone.isEmpty()) {
                    settings.collectTombstones(gone);
                }
            }));
        });
    }

    /**
     * Tombstones of types whose digests agree with the partner's, so the partner holds them too: both
     * nodes forget them in the same comparison (this one here, the partner on the index). Only those
     * older than the digest: a deletion made since may not have reached the partner, which would then
     * offer the live version back.
     */
    private Future<Map<String, Version>> tombstonesBefore(List<String> types, long before) {
        return settings.tombstones(types).map(docs -> {
            Map<String, Version> gone = new HashMap<>();
            docs.stream().filter(d -> d.version().wall() < before)
                    .forEach(d -> gone.put(d.key(), d.version()));
            return gone;
        });
    }

    private void onIndex(SyncMessage.Index index) {
        if (!accepted(index.sender())) {
            return;
        }
        Set<String> compared = index.types().stream().filter(syncedTypes::contains).collect(Collectors.toSet());
        Map<String, Version> theirs = new HashMap<>();
        // Versions of types not compared are the partner's tombstones of types both agree on.
        Map<String, Version> goneThere = new HashMap<>();
        index.versions().forEach((key, version) -> {
            if (syncedKey(key)) {
                (compared.contains(typeOf(key)) ? theirs : goneThere).put(key, version);
            }
        });
        index(compared).onSuccess(mine -> {
            AntiEntropy.Plan plan = AntiEntropy.compare(mine, theirs);
            if (!plan.want().isEmpty()) {
                send(SyncMessage.WANT, new SyncMessage.Want(sender(), plan.want()));
            }
            settings.fetch(plan.send()).onSuccess(docs -> {
                if (!docs.isEmpty()) {
                    sendDocs(docs);
                }
                state.comparisonDone(plan.send().size(), plan.want().size());
            });
            Set<String> keys = new HashSet<>(mine.keySet());
            keys.addAll(goneThere.keySet());
            settings.fetch(keys).onSuccess(all -> {
                Map<String, Version> bothGone = new HashMap<>();
                for (StoredDocument d : all) {
                    Version other = theirs.containsKey(d.key()) ? theirs.get(d.key()) : goneThere.get(d.key());
                    if (d.deleted() && other != null && d.version().compareTo(other) == Version.Order.SAME
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
        List<String> keys = want.keys().stream().filter(this::syncedKey).toList();
        settings.fetch(keys).onSuccess(this::sendDocs);
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
