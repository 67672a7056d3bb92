package io.hapair.node.sync.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one partner was sent and has not acknowledged yet: documents go in numbered batches of at most
 * {@code size}, and a batch is pending until the partner says it stored it or it is dropped. Between
 * two comparisons each version goes once: both sides compare on reconnect, so a document can be due
 * twice (our comparison sends it, and the partner's asks for it).
 */
public final class Outbox {

    /** Documents sent together, acknowledged together. */
    public record Batch(long id, long sentAt, List<StoredDocument> docs) {
    }

    private final int size;
    private final Map<Long, Batch> pending = new HashMap<>();
    private final Map<String, Version> sentSinceComparison = new HashMap<>();
    private long nextId = 1;
    private int pendingDocuments;

    public Outbox(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size " + size + ": must be at least 1");
        }
        this.size = size;
    }

    /** The documents not sent since the comparison began, in batches now pending; none when all were. */
    public List<Batch> send(List<StoredDocument> docs, long now) {
        List<StoredDocument> due = docs.stream()
                .filter(d -> !d.version().equals(sentSinceComparison.put(d.key(), d.version()))).toList();
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < due.size(); i += size) {
            Batch b = new Batch(nextId++, now, List.copyOf(due.subList(i, Math.min(due.size(), i + size))));
            pending.put(b.id(), b);
            pendingDocuments += b.docs().size();
            batches.add(b);
        }
        return batches;
    }

    /**
     * Of {@code keys} ({@code type/id}), those not sent since the comparison began. A key sent since is on
     * its way at the version it had, and any later version was pushed when committed here or came from the
     * partner: it need not even be read again when the partner asks for it.
     */
    public List<String> notSentSinceComparison(Collection<String> keys) {
        return keys.stream().filter(k -> !sentSinceComparison.containsKey(k)).toList();
    }

    /** A comparison begins: whatever it finds due is sent again. */
    public void comparisonStarted() {
        sentSinceComparison.clear();
    }

    /**
     * The partner stored batch {@code id} (acknowledged) or never will (dropped): it is no longer
     * pending. Null when it was not pending (an answer to a batch dropped before, or a stranger's).
     */
    public Batch settle(long id) {
        Batch b = pending.remove(id);
        if (b != null) {
            pendingDocuments -= b.docs().size();
        }
        return b;
    }

    /**
     * Every pending batch is dropped (the partner will not acknowledge them), and what was sent is
     * forgotten, so that the next comparison or request sends it again. Returns how many documents.
     */
    public int dropAll() {
        int dropped = pendingDocuments;
        pending.clear();
        pendingDocuments = 0;
        sentSinceComparison.clear();
        return dropped;
    }

    /** Whether batch {@code id} was sent and is neither acknowledged nor dropped yet. */
    public boolean isPending(long id) {
        return pending.containsKey(id);
    }

    public int pendingDocuments() {
        return pendingDocuments;
    }

    /** When the oldest pending batch was sent; -1 when none is pending. */
    public long oldestSentAt() {
        return pending.values().stream().mapToLong(Batch::sentAt).min().orElse(-1);
    }
}
