package io.hapair.node.transfer.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an import would change in the synced settings, document by document: added, changed (with each changed
 * field, by its path), or removed. Both sides are keyed {@code type/id} with the document's JSON text as the store
 * keeps it. Secret fields are named, never shown: their values are replaced by {@link #SECRET_SHOWN}.
 */
public final class SettingsDiff {

    /** What the diff shows in place of a secret's value. */
    public static final String SECRET_SHOWN = "(secret; not shown)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one document changes. */
    public enum Change {
        ADDED, CHANGED, REMOVED;

        /** As the API spells it. */
        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One field that differs; {@code before} or {@code after} is null where the field is absent on that side.
     *
     * @param path as {@code realServers[1].port}
     */
    public record FieldChange(String path, String before, String after) {
    }

    /** One document that the import would add, change or remove; its fields only for a change. */
    public record DocumentChange(String type, String id, Change change, List<FieldChange> fields) {
    }

    /**
     * The import's changes, ordered by type then id, and how many documents it leaves as they are.
     *
     * @param token names the stored documents and the import together: the apply names it, so that it applies
     *              exactly what was previewed, to the settings as they were then
     */
    public record Preview(List<DocumentChange> changes, int unchanged, String token) {
    }

    private SettingsDiff() {
    }

    /**
     * @param stored       the synced documents now, {@code type/id} to JSON text
     * @param imported     the import's documents after their checks, {@code type/id} to JSON text
     * @param secretFields field names whose values are never shown (private keys, passphrases)
     */
    public static Preview of(Map<String, String> stored, Map<String, String> imported, Set<String> secretFields) {
        Set<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(imported.keySet());
        List<DocumentChange> changes = new ArrayList<>();
        int unchanged = 0;
        for (String key : keys) {
            String before = stored.get(key);
            String after = imported.get(key);
            int slash = key.indexOf('/');
            String type = key.substring(0, slash);
            String id = key.substring(slash + 1);
            if (before == null) {
                changes.add(new DocumentChange(type, id, Change.ADDED, List.of()));
            } else if (after == null) {
                changes.add(new DocumentChange(type, id, Change.REMOVED, List.of()));
            } else {
                List<FieldChange> fields = new ArrayList<>();
                compare("", read(before), read(after), secretFields, fields);
                if (fields.isEmpty()) {
                    unchanged++;
                } else {
                    changes.add(new DocumentChange(type, id, Change.CHANGED, List.copyOf(fields)));
                }
            }
        }
        return new Preview(List.copyOf(changes), unchanged, token(stored, imported));
    }

    /**
     * A digest of both sides, in key order: equal exactly when the stored documents and the import are the same
     * texts as when the preview was made.
     */
    public static String token(Map<String, String> stored, Map<String, String> imported) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map<String, String> side : List.of(stored, imported)) {
                update(digest, side.size());
                new TreeMap<>(side).forEach((key, body) -> {
                    update(digest, key);
                    update(digest, body);
                });
            }
            return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A count, as four bytes. */
    private static void update(MessageDigest digest, int count) {
        digest.update(new byte[] {(byte) (count >> 24), (byte) (count >> 16), (byte) (count >> 8), (byte) count});
    }

    /**
     * The text's length, then its UTF-16 code units: with each side's count first, no two different pairs of sides
     * digest the same bytes.
     */
    private static void update(MessageDigest digest, String text) {
        int length = text.length();
        update(digest, length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            digest.update((byte) (c >> 8));
            digest.update((byte) c);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a settings document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Objects field by field and lists element by element, down to the values that differ. */
    private static void compare(String path, JsonNode before, JsonNode after, Set<String> secretFields,
                                List<FieldChange> out) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String at = path.isEmpty() ? name : path + "." + name;
                if (secretFields.contains(name)) {
                    if (!before.path(name).equals(after.path(name))) {
                        out.add(new FieldChange(at, shownSecret(before.path(name)), shownSecret(after.path(name))));
                    }
                } else {
                    compare(at, before.path(name), after.path(name), secretFields, out);
                }
            }
        } else if (before.isArray() && after.isArray()) {
            Iterator<JsonNode> b = before.elements();
            Iterator<JsonNode> a = after.elements();
            for (int i = 0; b.hasNext() || a.hasNext(); i++) {
                compare(path + "[" + i + "]", b.hasNext() ? b.next() : MissingNode.getInstance(),
                        a.hasNext() ? a.next() : MissingNode.getInstance(), secretFields, out);
            }
        } else {
            out.add(new FieldChange(path, shown(before), shown(after)));
        }
    }

    private static String shown(JsonNode value) {
        return value.isMissingNode() ? null : value.toString();
    }

    private static String shownSecret(JsonNode value) {
        return value.isMissingNode() ? null : SECRET_SHOWN;
    }
}
