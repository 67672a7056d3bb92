package io.hapair.node.sync.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to an offer of digests: the types whose digests differ, and the versions (keyed
 * {@code type/id}, tombstones included) of every document of those types, plus the tombstones of
 * agreeing types that the answering side forgets now (see {@link SyncScope#forgettable}).
 */
public record ReplicaIndex(List<String> types, Map<String, Version> versions) {

    /** Both are required: an answer without them (or with nulls in them) is no answer. */
    public ReplicaIndex {
        types = List.copyOf(Objects.requireNonNull(types, "types"));
        versions = Map.copyOf(Objects.requireNonNull(versions, "versions"));
    }
}
