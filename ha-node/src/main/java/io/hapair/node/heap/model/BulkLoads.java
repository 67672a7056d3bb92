package io.hapair.node.heap.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a bulk load of settings runs. One begins when a write of at least {@code bulk} documents is asked for (an import, a
 * batch of a resync: {@link #expected}) or committed ({@link #committed}), and goes on while such writes keep coming; it
 * ends once none has come for {@code quietMillis}. Smaller commits during a load count towards it but do not keep it
 * going. Pure: the caller passes the time and acts on the answers.
 */
public final class BulkLoads {

    /** What a write meant. */
    public enum Write {
        /** It began a bulk load. */
        BEGAN,
        /** It belongs to the bulk load in progress. */
        CONTINUED,
        /** No bulk load runs, and this write is too small to begin one. */
        NONE
    }

    /**
     * A bulk load that has ended: the documents committed during it, and how long it ran, from the write that began
     * it to its last bulk write.
     */
    public record Ended(int documents, long lastedMillis) {
    }

    private final int bulk;
    private final long quietMillis;
    private boolean running;
    private long firstAt;
    private long lastBulkAt;
    private int documents;

    public BulkLoads(int bulk, long quietMillis) {
        if (bulk < 1 || quietMillis < 1) {
            throw new IllegalArgumentException("bulk " + bulk + " and quiet " + quietMillis + " ms must be positive");
        }
        this.bulk = bulk;
        this.quietMillis = quietMillis;
    }

    /** A write of {@code count} documents asked for at {@code now}, before it is committed. */
    public Write expected(int count, long now) {
        return write(count, 0, now);
    }

    /** A commit of {@code count} documents at {@code now}. */
    public Write committed(int count, long now) {
        return write(count, count, now);
    }

    private Write write(int count, int stored, long now) {
        if (running) {
            documents += stored;
            if (count >= bulk) {
                lastBulkAt = now;
            }
            return Write.CONTINUED;
        }
        if (count < bulk) {
            return Write.NONE;
        }
        running = true;
        firstAt = now;
        lastBulkAt = now;
        documents = stored;
        return Write.BEGAN;
    }

    /** The bulk load in progress if it has been quiet long enough at {@code now}: returned once, then none runs. */
    public Optional<Ended> ended(long now) {
        if (!running || now - lastBulkAt < quietMillis) {
            return Optional.empty();
        }
        running = false;
        return Optional.of(new Ended(documents, lastBulkAt - firstAt));
    }

    /** When the load in progress ends if no further bulk commit comes; empty while none runs. */
    public OptionalLong endsAt() {
        return running ? OptionalLong.of(lastBulkAt + quietMillis) : OptionalLong.empty();
    }
}
