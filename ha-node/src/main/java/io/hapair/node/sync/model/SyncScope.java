package io.hapair.node.sync.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one sync channel carries: the settings types that travel (no other type is offered, sent, asked
 * for or taken, whatever a partner names) and the types whose deletions are never forgotten. Also the
 * rules that follow from it: which types a digest comparison must look into, and which deletions both
 * sides may forget.
 *
 * @param tombstonesKept types whose deletions are kept even once both sides have them: types that
 *     other GEO units share, one of which may still hold the live version and offer it back
 */
public record SyncScope(Set<String> types, Set<String> tombstonesKept) {

    public SyncScope {
        types = Set.copyOf(types);
        tombstonesKept = Set.copyOf(tombstonesKept);
    }

    /** The partner's index, as far as this channel carries it. */
    public record Theirs(Set<String> compared, Map<String, Version> versions, Map<String, Version> forgotten) {

        /** Their version of {@code key}, compared or forgotten; null when they named none. */
        public Version of(String key) {
            return versions.containsKey(key) ? versions.get(key) : forgotten.get(key);
        }
    }

    public boolean carries(String type) {
        return type != null && types.contains(type);
    }

    public boolean carriesKey(String key) {
        return carries(typeOf(key));
    }

    /** The type of a key {@code type/id}. */
    public static String typeOf(String key) {
        return key.substring(0, Math.max(0, key.indexOf('/')));
    }

    public List<StoredDocument> only(Collection<StoredDocument> docs) {
        return docs.stream().filter(d -> carries(d.type())).toList();
    }

    public List<String> onlyKeys(Collection<String> keys) {
        return keys.stream().filter(this::carriesKey).toList();
    }

    /** A carried type whose deletions both sides forget once they hold the same one. */
    public boolean forgets(String type) {
        return carries(type) && !tombstonesKept.contains(type);
    }

    /** The carried types whose digests differ (a type one side lacks differs), sorted. */
    public List<String> differing(Map<String, String> ours, Map<String, String> theirs) {
        Map<String, String> other = theirs == null ? Map.of() : theirs;
        return types.stream().filter(t -> !Objects.equals(ours.get(t), other.get(t))).sorted().toList();
    }

    /** The types whose tombstones may be forgotten because their digests agree: see {@link #forgettable}. */
    public List<String> agreeing(Collection<String> differing) {
        Set<String> differ = new HashSet<>(differing);
        return types.stream().filter(t -> forgets(t) && !differ.contains(t)).sorted().toList();
    }

    /**
     * Of the tombstones of agreeing types (so the partner holds them too), those both sides forget in
     * this comparison: this side now, the partner on reading them in the index. Only those made before
     * the partner's digest: a deletion made since may not have reached the partner, which would then
     * offer the live version back.
     */
    public Map<String, Version> forgettable(Collection<StoredDocument> tombstones, long before) {
        Map<String, Version> gone = new HashMap<>();
        tombstones.stream().filter(d -> d.deleted() && forgets(d.type()) && d.version().wall() < before)
                .forEach(d -> gone.put(d.key(), d.version()));
        return gone;
    }

    /**
     * What this channel takes from the partner's index: the versions of the compared types, and the
     * versions of other carried types, which are the partner's forgettable tombstones.
     */
    public Theirs theirs(ReplicaIndex index) {
        Set<String> compared = new HashSet<>();
        index.types().stream().filter(this::carries).forEach(compared::add);
        Map<String, Version> versions = new HashMap<>();
        Map<String, Version> forgotten = new HashMap<>();
        index.versions().forEach((key, version) -> {
            String type = typeOf(key);
            if (compared.contains(type)) {
                versions.put(key, version);
            } else if (forgets(type)) {
                forgotten.put(key, version);
            }
        });
        return new Theirs(Set.copyOf(compared), versions, forgotten);
    }

    /** Our deletions the partner holds at the same version: both sides forget them. */
    public Map<String, Version> heldByBoth(Collection<StoredDocument> ours, Theirs theirs) {
        Map<String, Version> both = new HashMap<>();
        for (StoredDocument d : ours) {
            Version other = theirs.of(d.key());
            if (d.deleted() && forgets(d.type()) && other != null && d.version().compareTo(other) == Version.Order.SAME) {
                both.put(d.key(), d.version());
            }
        }
        return both;
    }
}
