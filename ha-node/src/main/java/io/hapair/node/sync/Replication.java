package io.hapair.node.sync;

import io.hapair.node.sync.model.AntiEntropy;
import io.hapair.node.sync.model.Outbox;
import io.hapair.node.sync.model.ReplicaIndex;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncScope;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings replication, the same on every channel whatever carries its messages (the pair's peer link,
 * HTTPS requests between GEO units). Towards each partner ({@link Link}): a local commit of a carried
 * type is pushed at once, in numbered batches the partner acknowledges, unless a push is still on its way: then
 * the commits made meanwhile wait for its acknowledgement and go together, one batch (and one acknowledgement)
 * for many commits while the partner is slower than the writes; a comparison offers per-type
 * digests, the partner answers with the versions of the types that differ ({@link ReplicaIndex}), and
 * this side sends what the partner lacks or holds older, and on channels that pull asks for what it
 * lacks itself. Received documents are merged by version vector: concurrent edits settle the same way
 * on both sides, the loser kept as a conflict. Deletions of types both sides agree on are forgotten by
 * both in the same comparison, unless the channel keeps them. Only carried types are ever offered,
 * sent, asked for or stored, whatever a partner names. Runs on the caller's event loop; the store work
 * runs on the settings worker.
 */
public final class Replication {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    /**
     * Documents per batch: 10,000 virtual services cross the peer link in 20 frames of well under 16 MiB,
     * and 500 FQDNs (about 150 KB) are well inside the API's body limit. The pair's sync sends the versions
     * of an index in parts of as many.
     */
    public static final int BATCH = 500;

    /**
     * What one channel replicates and how documents change on the way.
     *
     * @param name     the channel's name in logs
     * @param pulls    whether a comparison also asks the partner for what it holds newer (the pair), or
     *                 leaves that to the partner's own comparisons (GEO units each send their own changes)
     * @param outgoing what a document becomes on its way out
     * @param incoming what a received document becomes here; it sees every received document, of carried
     *                 types or not, and throwing refuses the whole delivery
     */
    public record Policy(String name, SyncScope scope, boolean pulls, int batch, UnaryOperator<StoredDocument> outgoing,
                         UnaryOperator<StoredDocument> incoming) {
    }

    /**
     * Carries messages to one partner. Answers come back through the partner's {@link Link}: the index
     * answering an offer to {@link Link#indexed}, acknowledgements to {@link Link#acknowledged}, failures
     * to {@link Link#unanswered} and {@link Link#undelivered}.
     */
    public interface Transport {

        /** Whether a message can go now; when not, pushes count as unsent and comparisons do not start. */
        boolean canSend();

        void offer(Map<String, String> digests);

        void deliver(Outbox.Batch batch);

        /** Asks the partner for documents; only called on channels whose policy pulls. */
        default void want(List<String> keys) {
            throw new IllegalStateException("this transport cannot ask its partner for documents; its channel"
                    + " must not pull");
        }
    }

    /** Why a message came to nothing: an error, or an answer that is no fault (such as a standby node's). */
    public record Failure(String reason, boolean fault) {

        public static Failure error(String reason) {
            return new Failure(reason, true);
        }

        /** The partner does not take settings now, and need not: {@code outcome} says why. */
        public static Failure declined(String outcome) {
            return new Failure(outcome, false);
        }
    }

    private final SettingsService settings;
    private final Policy policy;
    private final SyncScope scope;

    public Replication(SettingsService settings, Policy policy) {
        this.settings = settings;
        this.policy = policy;
        this.scope = policy.scope();
    }

    public SyncScope scope() {
        return scope;
    }

    /**
     * Replication with one partner, through {@code transport}, counted in {@code state}.
     *
     * @param partner how logs name the partner
     */
    public Link link(String partner, Transport transport, SyncState state) {
        return new Link(partner, transport, state);
    }

    /**
     * The answer to a partner's offer of {@code digests}: the versions of the carried types whose digests
     * differ from ours, and our tombstones that both sides forget now, which are forgotten here.
     */
    public Future<ReplicaIndex> answerOffer(Map<String, String> digests) {
        long asked = System.currentTimeMillis();
        return digest().compose(mine -> {
            List<String> differ = scope.differing(mine, digests);
            return index(differ).compose(versions -> settings.tombstones(scope.agreeing(differ)).map(tombstones -> {
                Map<String, Version> gone = scope.forgettable(tombstones, asked);
                Map<String, Version> all = new HashMap<>(versions);
                all.putAll(gone);
                if (!gone.isEmpty()) {
                    settings.collectTombstones(gone);
                }
                return new ReplicaIndex(differ, all);
            }));
        });
    }

    /**
     * Merges documents a partner sent, counted in {@code state}. Throws what the channel's incoming
     * rewrite throws, before anything is stored.
     */
    public Future<SettingsService.MergeReport> accept(List<StoredDocument> docs, SyncState state) {
        List<StoredDocument> received = new ArrayList<>();
        for (StoredDocument d : docs) {
            StoredDocument here = policy.incoming().apply(d);
            if (scope.carries(here.type())) {
                received.add(here);
            } else {
                LOG.warn("{}: partner sent {}, which this channel does not carry; ignored", policy.name(), here.key());
            }
        }
        return settings.merge(received).onSuccess(report -> {
            report.conflicts().forEach(c -> LOG.warn("{}: conflict on {}: kept the version of {} (edited at {}), the"
                    + " version of {} is kept as a conflict until an operator accepts one", policy.name(),
                    c.winner().key(), c.winner().version().origin(), c.winner().version().wall(),
                    c.loser().version().origin()));
            state.received(report.applied(), report.kept(), report.conflicts().size());
        });
    }

    // The store reads an empty type list as "all types": asking for no type must not ask the store.
    private Future<Map<String, String>> digest() {
        return scope.types().isEmpty() ? Future.succeededFuture(Map.of()) : settings.digest(scope.types());
    }

    private Future<Map<String, Version>> index(Collection<String> types) {
        List<String> carried = types.stream().filter(scope::carries).toList();
        return carried.isEmpty() ? Future.succeededFuture(Map.of()) : settings.index(carried);
    }

    /** Replication with one partner. */
    public final class Link {

        private final String partner;
        private final Transport transport;
        private final SyncState state;
        private final Outbox outbox = new Outbox(policy.batch());
        // Commits made while a push is on its way, the newest version of each document, in commit order.
        private final Map<String, StoredDocument> held = new LinkedHashMap<>();
        // The last batch of the push on its way; -1 when none is.
        private long pushOnItsWay = -1;

        private Link(String partner, Transport transport, SyncState state) {
            this.partner = partner;
            this.transport = transport;
            this.state = state;
        }

        public SyncState state() {
            return state;
        }

        /**
         * Pushes committed local changes of carried types: now, or when the push on its way is acknowledged (or
         * fails, or a comparison starts), together with the other changes committed until then.
         */
        public void push(List<StoredDocument> committed) {
            List<StoredDocument> carried = scope.only(committed);
            if (carried.isEmpty()) {
                return;
            }
            state.localChanges(carried.size());
            if (outbox.isPending(pushOnItsWay)) {
                carried.forEach(d -> held.put(d.key(), d));
                state.pending(pending());
                return;
            }
            pushNow(carried);
        }

        private void pushNow(List<StoredDocument> docs) {
            List<Outbox.Batch> batches = send(docs);
            pushOnItsWay = batches.isEmpty() ? -1 : batches.get(batches.size() - 1).id();
        }

        /** The push on its way ended with batch {@code id}: the changes held meanwhile go now. */
        private void releaseHeld(long id) {
            if (id != pushOnItsWay) {
                return;
            }
            pushOnItsWay = -1;
            if (!held.isEmpty()) {
                List<StoredDocument> docs = List.copyOf(held.values());
                held.clear();
                pushNow(docs);
            }
        }

        /** Documents sent and not acknowledged, and those held for the push on its way. */
        private int pending() {
            return outbox.pendingDocuments() + held.size();
        }

        /** Starts a full comparison; false when nothing can be sent now. */
        public boolean compare(String why) {
            if (!transport.canSend()) {
                return false;
            }
            outbox.comparisonStarted();
            // A push whose acknowledgement never comes must not hold the later changes back beyond a comparison.
            releaseHeld(pushOnItsWay);
            digest().onSuccess(d -> {
                state.comparisonStarted(why);
                transport.offer(d);
            });
            return true;
        }

        /** The partner's answer to our offer: send what it lacks, ask for what we lack, forget what both deleted. */
        public void indexed(ReplicaIndex index) {
            SyncScope.Theirs theirs = scope.theirs(index);
            index(theirs.compared()).onSuccess(mine -> {
                AntiEntropy.Plan plan = AntiEntropy.compare(mine, theirs.versions());
                int wanted = policy.pulls() ? plan.want().size() : 0;
                if (wanted > 0) {
                    settings.expect(wanted);
                    transport.want(plan.want());
                }
                fetchAndSend(plan.send()).onSuccess(sent -> {
                    state.comparisonDone(plan.send().size(), wanted);
                    if (sent == 0 && wanted == 0) {
                        succeeded("in sync");
                    }
                });
                forgetBothDeleted(mine.keySet(), theirs);
            });
        }

        private void forgetBothDeleted(Set<String> mine, SyncScope.Theirs theirs) {
            Set<String> keys = new HashSet<>(mine);
            keys.addAll(theirs.forgotten().keySet());
            keys.removeIf(k -> !scope.forgets(SyncScope.typeOf(k)));
            if (keys.isEmpty()) {
                return;
            }
            settings.tombstonesAmong(keys).onSuccess(ours -> {
                Map<String, Version> both = scope.heldByBoth(ours, theirs);
                if (!both.isEmpty()) {
                    settings.collectTombstones(both);
                }
            });
        }

        /**
         * The partner asks for documents. Both sides compare on reconnect, so it often asks for what our own
         * comparison sent it already: those are not read again.
         */
        public void wanted(List<String> keys) {
            fetchAndSend(outbox.notSentSinceComparison(scope.onlyKeys(keys)));
        }

        /**
         * Reads the documents of {@code keys} and sends them, a batch at a time: the store reads the next batch while
         * this loop encodes the last one and the partner stores the one before, instead of the partner waiting until
         * all of a full resync (10,000 services) has been read. Completes with how many documents were read.
         */
        private Future<Integer> fetchAndSend(List<String> keys) {
            if (!keys.isEmpty()) {
                settings.expect(keys.size());
            }
            List<Future<List<StoredDocument>>> parts = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += policy.batch()) {
                // The store's thread runs reads in order, and their results come back here in the same order.
                parts.add(settings.fetch(List.copyOf(keys.subList(from, Math.min(keys.size(), from + policy.batch()))))
                        .onSuccess(docs -> {
                            if (!docs.isEmpty()) {
                                send(docs);
                            }
                        }));
            }
            return Future.all(parts).map(all -> parts.stream().mapToInt(p -> p.result().size()).sum());
        }

        /** The partner stored batch {@code id}. */
        public void acknowledged(long id) {
            Outbox.Batch b = outbox.settle(id);
            releaseHeld(id);
            if (b != null) {
                state.acked(System.currentTimeMillis() - b.sentAt(), pending(), outbox.oldestSentAt());
                succeeded("sent " + b.docs().size() + " document(s)");
            }
        }

        /** Batch {@code id} did not reach the partner, or the partner did not take it. */
        public void undelivered(long id, Failure why) {
            Outbox.Batch b = outbox.settle(id);
            releaseHeld(id);
            if (b != null && why.fault()) {
                state.unsent(b.docs().size());
                state.unacknowledged(b.docs().size(), why.reason(), pending());
            } else if (b != null) {
                state.pending(pending());
            }
            failed(why);
        }

        /** An offer got no answer. */
        public void unanswered(Failure why) {
            failed(why);
        }

        /**
         * No pending batch will be acknowledged (the link was lost, the partner refused them): they count
         * as unsent until a comparison sends what the partner lacks.
         */
        public void dropPending(String why) {
            int dropped = outbox.dropAll() + held.size();
            held.clear();
            pushOnItsWay = -1;
            state.unsent(dropped);
            if (dropped > 0) {
                LOG.warn("{}: dropping {} unacknowledged changes for {}: {}", policy.name(), dropped, partner, why);
                state.unacknowledged(dropped, why, 0);
            }
        }

        /**
         * Every path that sends documents (push, comparison, answers to wants) ends here, so the filter is here.
         * Returns the batches sent, none when nothing could go or all had gone since the comparison began.
         */
        private List<Outbox.Batch> send(List<StoredDocument> docs) {
            List<StoredDocument> carried = scope.only(docs);
            if (!transport.canSend()) {
                state.unsent(carried.size());
                return List.of();
            }
            List<Outbox.Batch> batches = outbox.send(carried.stream().map(policy.outgoing()).toList(),
                    System.currentTimeMillis());
            if (!batches.isEmpty()) {
                batches.forEach(transport::deliver);
                state.pushed(pending());
            }
            return batches;
        }

        private void succeeded(String outcome) {
            SyncState.Exchange before = state.lastExchange();
            state.exchanged(outcome);
            if (before != null && before.error() != null) {
                LOG.info("{}: {} reachable again: {}", policy.name(), partner, outcome);
            }
        }

        private void failed(Failure why) {
            if (!why.fault()) {
                succeeded(why.reason());
                return;
            }
            SyncState.Exchange before = state.lastExchange();
            state.exchangeFailed(why.reason());
            if (before == null || !why.reason().equals(before.error())) {
                LOG.warn("{}: cannot exchange settings with {}: {}", policy.name(), partner, why.reason());
            }
        }
    }
}
