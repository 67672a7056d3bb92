package io.hapair.node.sync;

import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncScope;
import io.hapair.node.sync.model.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The version of every stored document, tombstones included, per type in id order: what a comparison
 * with a partner reads (per-type digests, the versions of a type that differs, the tombstones both sides
 * may forget), answered from memory instead of reading and parsing every stored row each time: a resync
 * of 10,000 virtual services asks for them several times on each side. A type's digest is kept until the
 * type changes. Not thread-safe: {@link SettingsService} keeps it on the store's thread, in step with
 * every write.
 */
final class VersionIndex {

    private record Entry(Version version, boolean deleted) {
    }

    private final Map<String, TreeMap<String, Entry>> byType = new TreeMap<>();
    private final Map<String, String> digests = new HashMap<>();

    /** Records a stored version (a tombstone when the document has no body), replacing the one before. */
    void put(StoredDocument d) {
        byType.computeIfAbsent(d.type(), t -> new TreeMap<>()).put(d.id(), new Entry(d.version(), d.deleted()));
        digests.remove(d.type());
    }

    /** The store forgot the tombstone of {@code key} if it was deleted at {@code confirmed}'s vector: so does this. */
    void collected(String key, Version confirmed) {
        String type = SyncScope.typeOf(key);
        TreeMap<String, Entry> ids = byType.get(type);
        String id = idOf(key, type);
        Entry e = ids == null ? null : ids.get(id);
        if (e != null && e.deleted() && e.version().vector().equals(confirmed.vector())) {
            ids.remove(id);
            digests.remove(type);
            if (ids.isEmpty()) {
                byType.remove(type);
            }
        }
    }

    /**
     * Per-type digests of the versions (not the bodies: GEO bodies differ by design between the two nodes)
     * of the given types, all types when none is given; a type without documents has none.
     */
    Map<String, String> digest(Collection<String> types) {
        Map<String, String> out = new TreeMap<>();
        for (String type : chosen(types)) {
            TreeMap<String, Entry> ids = byType.get(type);
            if (ids != null) {
                out.put(type, digests.computeIfAbsent(type, t -> digestOf(ids)));
            }
        }
        return out;
    }

    private static String digestOf(TreeMap<String, Entry> ids) {
        MessageDigest md = sha256();
        ids.forEach((id, e) -> md.update((id + "|" + e.version().digestText() + "|" + (e.deleted() ? "x" : "") + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Versions by key ({@code type/id}) of every document of the given types (all when none), tombstones included. */
    Map<String, Version> versions(Collection<String> types) {
        Map<String, Version> out = new HashMap<>();
        for (String type : chosen(types)) {
            ids(type).forEach((id, e) -> out.put(type + "/" + id, e.version()));
        }
        return out;
    }

    /** The tombstones of the given types, in type and id order. */
    List<StoredDocument> tombstones(Collection<String> types) {
        List<StoredDocument> out = new ArrayList<>();
        for (String type : new TreeSet<>(types)) {
            ids(type).forEach((id, e) -> {
                if (e.deleted()) {
                    out.add(new StoredDocument(type, id, null, e.version()));
                }
            });
        }
        return out;
    }

    /** Whether a version of {@code type/id} is stored, live or a tombstone. */
    boolean holds(String type, String id) {
        return ids(type).containsKey(id);
    }

    /** The tombstones among the given keys ({@code type/id}). */
    List<StoredDocument> tombstonesAmong(Collection<String> keys) {
        List<StoredDocument> out = new ArrayList<>();
        for (String key : keys) {
            String type = SyncScope.typeOf(key);
            String id = idOf(key, type);
            Entry e = ids(type).get(id);
            if (e != null && e.deleted()) {
                out.add(new StoredDocument(type, id, null, e.version()));
            }
        }
        return out;
    }

    private Collection<String> chosen(Collection<String> types) {
        return types.isEmpty() ? List.copyOf(byType.keySet()) : new TreeSet<>(types);
    }

    private Map<String, Entry> ids(String type) {
        TreeMap<String, Entry> ids = byType.get(type);
        return ids == null ? Map.of() : ids;
    }

    /** The id of a key {@code type/id} whose type is {@code type}. */
    private static String idOf(String key, String type) {
        return key.substring(Math.min(key.length(), type.length() + 1));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
