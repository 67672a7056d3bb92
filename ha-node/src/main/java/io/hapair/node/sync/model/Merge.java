package io.hapair.node.sync.model;

/**
 * What a node does with a document version received from its partner. Both nodes run this on the
 * same pair of versions and reach the same result, so concurrent edits converge on both sides.
 */
public final class Merge {

    private Merge() {
    }

    /** The decision for one received document. */
    public sealed interface Outcome {
        /** Store the received version. */
        record Apply(StoredDocument document) implements Outcome {
        }

        /** Ours is the same or newer: nothing to do (the partner will get ours). */
        record Keep() implements Outcome {
        }

        /** Concurrent edits: store {@code resolved}; keep {@code loser} as a conflict for an operator. */
        record Conflict(StoredDocument resolved, StoredDocument winner, StoredDocument loser) implements Outcome {
        }
    }

    public static Outcome of(StoredDocument local, StoredDocument remote) {
        if (local == null) {
            return new Outcome.Apply(remote);
        }
        switch (remote.version().compareTo(local.version())) {
            case NEWER:
                return new Outcome.Apply(remote);
            case SAME:
            case OLDER:
                return new Outcome.Keep();
            default:
                StoredDocument winner = remote.version().winsOver(local.version()) ? remote : local;
                StoredDocument loser = winner == remote ? local : remote;
                Version merged = local.version().mergedWith(remote.version(), winner.version());
                return new Outcome.Conflict(new StoredDocument(winner.type(), winner.id(), winner.body(), merged),
                        winner, loser);
        }
    }
}
