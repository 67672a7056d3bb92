package io.hapair.node.sync;

import io.hapair.node.settings.OtherDocuments;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.model.HybridClock;
import io.hapair.node.sync.model.Merge;
import io.hapair.node.sync.model.StoredConflict;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads and writes settings documents: local edits (from the API) get a new version and are handed
 * to the sync layer once committed; remote versions are merged. All store access runs on one
 * worker thread, in order, so every read-modify-write is atomic, and none of it on the caller's
 * event loop (the node's role machine and heartbeats run there). A checked edit is checked on that
 * thread too, against an index of the stored documents' ids and claims that every write keeps
 * current, so that a write costs the same with ten or ten thousand documents stored. What comparisons
 * with a partner read (digests, versions, tombstones) comes from a {@link VersionIndex} kept the same way.
 */
public final class SettingsService {

    /** The document changed since the client read it (HTTP 412). */
    public static final class PreconditionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PreconditionFailed(String message) {
            super(message);
        }
    }

    /** No such document (HTTP 404). */
    public static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** What merging a batch of remote documents did. */
    public record MergeReport(List<StoredDocument> written, int kept, List<StoredConflict> conflicts) {

        /** Documents stored: newer remote versions and settled conflicts. */
        public int applied() {
            return written.size();
        }
    }

    /** What a stored body claims (what no other document of its type may hold too); the types' rules say. */
    public interface Claims {
        Set<String> of(String type, String body);
    }

    /** Checks a local edit on the store's thread; see {@link #putChecked}. */
    public interface Check<R> {
        /**
         * @param replaced the stored version the edit replaces, if any
         * @param others   the other documents of the type, without the replaced one
         */
        Draft<R> draft(Optional<StoredDocument> replaced, OtherDocuments others);
    }

    /**
     * What a check made of an edit: the document to store ({@code id} and {@code body}), or a refusal
     * (both null), with whatever the caller wants back (errors, warnings).
     */
    public record Draft<R>(String id, String body, R outcome) {

        public static <R> Draft<R> refused(R outcome) {
            return new Draft<>(null, null, outcome);
        }
    }

    /**
     * A checked edit: {@code written} is null when the check refused it; {@code created} when no live
     * version was replaced.
     */
    public record Checked<R>(R outcome, StoredDocument written, boolean created) {
    }

    private final WorkerExecutor worker;
    private final SettingsStore store;
    private final String nodeName;
    private final HybridClock clock = new HybridClock();
    private final LongSupplier now;
    private final List<Consumer<List<StoredDocument>>> committedLocally = new ArrayList<>();
    private final List<Consumer<Set<String>>> changed = new ArrayList<>();
    private final List<Consumer<List<StoredDocument>>> committed = new CopyOnWriteArrayList<>();
    private final List<IntConsumer> moving = new CopyOnWriteArrayList<>();
    private final Claims claims;
    // Built from the store by the first check, then kept current by every write; only touched on the store thread.
    private DocumentIndex index;
    // Built from the store by the first comparison, then kept current by every write; only on the store thread.
    private VersionIndex versions;

    /** A service whose documents claim nothing: checks see their ids only. */
    public SettingsService(WorkerExecutor worker, SettingsStore store, String nodeName, LongSupplier now) {
        this(worker, store, nodeName, now, (type, body) -> Set.of());
    }

    public SettingsService(WorkerExecutor worker, SettingsStore store, String nodeName, LongSupplier now,
                           Claims claims) {
        this.worker = worker;
        this.store = store;
        this.nodeName = nodeName;
        this.now = now;
        this.claims = claims;
    }

    /** Called (on the caller's context) after every committed local edit, with the new versions. */
    public void onLocalCommit(Consumer<List<StoredDocument>> listener) {
        committedLocally.add(listener);
    }

    /**
     * Called (on the caller's context) after every committed change of stored documents, local or merged
     * from a partner, with the types it touched: readers of settings refresh on it instead of polling.
     */
    public void onChange(Consumer<Set<String>> listener) {
        changed.add(listener);
    }

    /**
     * Called on the store's thread right after every commit, in commit order and before the write's future
     * completes, with the documents it stored (local edits, imports, merges from the partner): a reader that keeps
     * its own copy of some documents stays exactly in step with the store without reading it again. The listener
     * must be quick and must not throw: the store's thread serves every read and write.
     */
    public void onCommit(Consumer<List<StoredDocument>> listener) {
        committed.add(listener);
    }

    /**
     * Called (on the caller's thread, before the work is queued) with the number of documents of every {@link #expect},
     * merge and import: a bulk of settings moving through the node is known before it reaches the store. Must be quick
     * and must not throw.
     */
    public void onMoving(IntConsumer listener) {
        moving.add(listener);
    }

    /**
     * Says that about {@code documents} documents are on their way through this node: to be written (a resync asked the
     * partner for them, or the partner's index of them is arriving) or read and sent to a partner.
     */
    public void expect(int documents) {
        moving.forEach(l -> l.accept(documents));
    }

    public static String etag(Version v) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(v.digestText().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(h, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Future<Optional<StoredDocument>> get(String type, String id) {
        return run(() -> store.get(type, id).filter(d -> !d.deleted()));
    }

    public Future<List<StoredDocument>> list(Collection<String> types) {
        return run(() -> store.list(types, false));
    }

    /** Every stored document of {@code type}, read as its record; a text that no longer binds is left out. */
    public <T extends Record> Future<List<T>> documents(SettingsType<T> type) {
        return list(List.of(type.apiPath())).map(docs -> docs.stream()
                .map(d -> SettingsCodec.readStored(type, d.body())).filter(Objects::nonNull).toList());
    }

    /**
     * Creates or replaces a document. {@code ifMatch}: null for no precondition, {@code *} for "must
     * exist", {@code none} for "must not exist" (create), or an ETag the current version must have.
     */
    public Future<StoredDocument> put(String type, String id, String body, String ifMatch) {
        return writeLocal(type, id, body, ifMatch);
    }

    public Future<StoredDocument> delete(String type, String id, String ifMatch) {
        return writeLocal(type, id, null, ifMatch == null ? "*" : ifMatch);
    }

    /** Replaces every document of {@code types} by {@code documents} (import): upserts, and deletes the rest. */
    public Future<List<StoredDocument>> replaceAll(Collection<String> types, Map<String, String> bodiesByKey) {
        return replaceAllIf(types, bodiesByKey, live -> true, null);
    }

    /**
     * As {@link #replaceAll}, but only while {@code expected} holds of the live documents of {@code types}
     * ({@code type/id} to body), checked on the store's thread together with the write, so that nothing written
     * in between slips past; otherwise fails with {@link PreconditionFailed} saying {@code refusal}.
     */
    public Future<List<StoredDocument>> replaceAllIf(Collection<String> types, Map<String, String> bodiesByKey,
                                                     Predicate<Map<String, String>> expected, String refusal) {
        expect(bodiesByKey.size());
        return run(() -> {
            List<StoredDocument> changed = new ArrayList<>();
            Map<String, StoredDocument> stored = new HashMap<>();
            store.list(types, true).forEach(d -> stored.put(d.key(), d));
            Map<String, String> live = new HashMap<>();
            stored.values().stream().filter(d -> !d.deleted()).forEach(d -> live.put(d.key(), d.body()));
            if (!expected.test(live)) {
                throw new PreconditionFailed(refusal);
            }
            for (var e : bodiesByKey.entrySet()) {
                StoredDocument before = stored.remove(e.getKey());
                if (before == null || before.deleted() || !before.body().equals(e.getValue())) {
                    int slash = e.getKey().indexOf('/');
                    changed.add(next(e.getKey().substring(0, slash), e.getKey().substring(slash + 1), e.getValue(), before));
                }
            }
            for (StoredDocument gone : stored.values()) {
                if (!gone.deleted()) {
                    changed.add(next(gone.type(), gone.id(), null, gone));
                }
            }
            write(changed, List.of());
            return changed;
        }).onSuccess(this::announce);
    }

    /**
     * Checks and writes a local edit in one step on the store's thread, so that the check and the
     * write see the same stored documents, and neither runs on the caller's event loop.
     *
     * @param replacedId the id the edit replaces (the URL's), or null for a new document
     * @param ifMatch    as for {@link #put}, about the id the check returns
     */
    public <R> Future<Checked<R>> putChecked(String type, String replacedId, String ifMatch, Check<R> check) {
        return run(() -> {
            Optional<StoredDocument> replaced = replacedId == null ? Optional.empty()
                    : store.get(type, replacedId).filter(d -> !d.deleted());
            Draft<R> draft = check.draft(replaced, index().others(type, replacedId));
            if (draft.id() == null) {
                return new Checked<>(draft.outcome(), null, false);
            }
            boolean created = store.get(type, draft.id()).filter(d -> !d.deleted()).isEmpty();
            return new Checked<>(draft.outcome(), edit(type, draft.id(), draft.body(), ifMatch), created);
        }).onSuccess(c -> {
            if (c.written() != null) {
                announce(List.of(c.written()));
            }
        });
    }

    private Future<StoredDocument> writeLocal(String type, String id, String body, String ifMatch) {
        return run(() -> edit(type, id, body, ifMatch)).onSuccess(d -> announce(List.of(d)));
    }

    /** A local edit, on the store's thread: checks the precondition, then stores the next version. */
    private StoredDocument edit(String type, String id, String body, String ifMatch) throws SQLException {
        StoredDocument before = store.get(type, id).orElse(null);
        boolean exists = before != null && !before.deleted();
        if ("none".equals(ifMatch) && exists) {
            throw new PreconditionFailed(type + "/" + id + " already exists");
        }
        if (ifMatch != null && !"none".equals(ifMatch)) {
            if (!exists) {
                throw new NotFound(type + "/" + id + " does not exist");
            }
            if (!"*".equals(ifMatch) && !ifMatch.equals(etag(before.version()))) {
                throw new PreconditionFailed(type + "/" + id + " changed since it was read (ETag "
                        + etag(before.version()) + "); read it again and reapply the change");
            }
        }
        StoredDocument after = next(type, id, body, before);
        write(List.of(after), List.of());
        return after;
    }

    /**
     * Stores documents and conflicts in one transaction, then tells {@link #onCommit} listeners and brings the index
     * (if built yet) up to date.
     */
    private void write(List<StoredDocument> docs, List<StoredConflict> conflicts) throws SQLException {
        // Claims are read before the commit: an index that disagreed with the store would pass clashes.
        List<Set<String>> claimed = index == null ? null
                : docs.stream().map(d -> d.deleted() ? Set.<String>of() : claims.of(d.type(), d.body())).toList();
        store.write(docs, conflicts);
        if (!docs.isEmpty()) {
            committed.forEach(l -> l.accept(docs));
        }
        if (claimed != null) {
            for (int i = 0; i < docs.size(); i++) {
                StoredDocument d = docs.get(i);
                if (d.deleted()) {
                    index.remove(d.type(), d.id());
                } else {
                    index.put(d.type(), d.id(), claimed.get(i));
                }
            }
        }
        if (versions != null) {
            docs.forEach(versions::put);
        }
    }

    /** The versions of the stored documents, read from the store the first time a comparison needs them. */
    private VersionIndex versions() throws SQLException {
        if (versions == null) {
            VersionIndex built = new VersionIndex();
            store.list(List.of(), true).forEach(built::put);
            versions = built;
        }
        return versions;
    }

    /** The index of the live documents, read from the store the first time a check needs it. */
    private DocumentIndex index() throws SQLException {
        if (index == null) {
            DocumentIndex built = new DocumentIndex();
            for (StoredDocument d : store.list(List.of(), false)) {
                built.put(d.type(), d.id(), claims.of(d.type(), d.body()));
            }
            index = built;
        }
        return index;
    }

    private StoredDocument next(String type, String id, String body, StoredDocument before) {
        HybridClock.Stamp stamp = clock.tick(now.getAsLong());
        Version v = before == null ? Version.first(nodeName, stamp) : before.version().next(nodeName, stamp);
        return new StoredDocument(type, id, body, v);
    }

    private void announce(List<StoredDocument> docs) {
        if (!docs.isEmpty()) {
            committedLocally.forEach(l -> l.accept(docs));
            changed(docs);
        }
    }

    private void changed(List<StoredDocument> docs) {
        Set<String> types = docs.stream().map(StoredDocument::type).collect(Collectors.toUnmodifiableSet());
        changed.forEach(l -> l.accept(types));
    }

    /** Merges remote versions in one transaction; conflicts are stored with both versions. */
    public Future<MergeReport> merge(List<StoredDocument> remote) {
        expect(remote.size());
        return run(() -> {
            List<StoredDocument> writes = new ArrayList<>();
            List<StoredConflict> conflicts = new ArrayList<>();
            int kept = 0;
            Map<String, StoredDocument> local = store.getMany(storedAmong(remote));
            for (StoredDocument r : remote) {
                clock.observe(r.version().wall(), r.version().counter());
                Merge.Outcome o = Merge.of(local.get(r.key()), r);
                if (o instanceof Merge.Outcome.Apply a) {
                    writes.add(a.document());
                } else if (o instanceof Merge.Outcome.Conflict c) {
                    writes.add(c.resolved());
                    conflicts.add(new StoredConflict(c.winner(), c.loser(), now.getAsLong()));
                } else {
                    kept++;
                }
            }
            write(writes, conflicts);
            return new MergeReport(List.copyOf(writes), kept, conflicts);
        }).onSuccess(report -> {
            if (!report.written().isEmpty()) {
                changed(report.written());
            }
        });
    }

    /**
     * The keys of {@code docs} that have a stored version, to be read before a merge: all of them until the version
     * index is built, then only those it holds. A full resync receives thousands of documents this node has none of,
     * and asking the store for each of them was a query of 500 keys a batch for nothing.
     */
    private List<String> storedAmong(List<StoredDocument> docs) {
        return docs.stream().filter(d -> versions == null || versions.holds(d.type(), d.id())).map(StoredDocument::key)
                .toList();
    }

    /**
     * Per-type digests of versions (not bodies: GEO bodies differ by design between the two nodes) of the
     * given types, all types when none is given; a type without documents has none.
     */
    public Future<Map<String, String>> digest(Collection<String> types) {
        return run(() -> versions().digest(types));
    }

    /** Versions by key ({@code type/id}) of every document of the given types, tombstones included. */
    public Future<Map<String, Version>> index(Collection<String> types) {
        return run(() -> versions().versions(types));
    }

    /** The tombstones (deleted documents) of the given types; none when no type is asked. */
    public Future<List<StoredDocument>> tombstones(Collection<String> types) {
        if (types.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return run(() -> versions().tombstones(types));
    }

    /** The tombstones among the given keys ({@code type/id}): the stored deletions, without reading any body. */
    public Future<List<StoredDocument>> tombstonesAmong(Collection<String> keys) {
        return run(() -> versions().tombstonesAmong(keys));
    }

    /** The stored versions (tombstones included) of the given keys. */
    public Future<List<StoredDocument>> fetch(Collection<String> keys) {
        return run(() -> List.copyOf(store.getMany(keys).values()));
    }

    public Future<List<StoredConflict>> conflicts() {
        return run(store::conflicts);
    }

    /**
     * An operator accepts one version of a conflicted document: the loser's body becomes a new local
     * edit (which reaches the partner), or the winner simply stays; the conflict is closed here.
     */
    public Future<Boolean> accept(String type, String id, boolean loser) {
        return run(() -> {
            StoredConflict c = store.conflicts().stream()
                    .filter(x -> x.winner().type().equals(type) && x.winner().id().equals(id)).findFirst()
                    .orElseThrow(() -> new NotFound("no conflict on " + type + "/" + id));
            List<StoredDocument> edit = new ArrayList<>();
            if (loser) {
                edit.add(next(type, id, c.loser().body(), store.get(type, id).orElse(null)));
                write(edit, List.of());
            }
            store.removeConflict(type, id);
            return edit;
        }).onSuccess(this::announce).map(edit -> true);
    }

    /** Closes a conflict the partner's operator resolved. */
    public Future<Boolean> closeConflict(String type, String id) {
        return run(() -> store.removeConflict(type, id));
    }

    public Future<Integer> collectTombstones(Map<String, Version> confirmed) {
        return run(() -> {
            int collected = store.collectTombstones(confirmed);
            if (versions != null) {
                confirmed.forEach(versions::collected);
            }
            return collected;
        });
    }

    private <T> Future<T> run(Callable<T> work) {
        return worker.executeBlocking(work, true);
    }
}
