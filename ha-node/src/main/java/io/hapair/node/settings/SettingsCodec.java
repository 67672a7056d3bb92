package io.hapair.node.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.node.validation.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings documents from and to JSON, validated: what the REST API and the sync call, with no I/O.
 *
 * <p>A document is checked in three steps, each reporting everything it finds: the JSON shape
 * (unknown fields, types, enum values), the type's rules on the document alone (required fields,
 * syntax, ranges, warnings), then the rules against the other documents of its type (id clash,
 * a virtual service's address and port), asked of {@link OtherDocuments} by id and by claim.
 */
public final class SettingsCodec {

    private SettingsCodec() {
    }

    /** Parses and validates a document on its own, without the others of its type. */
    public static <T extends Record> Parsed<T> parse(SettingsType<T> type, String json) {
        return parse(type, json, List.of());
    }

    /**
     * Parses and validates a document.
     *
     * @param others the stored documents of the same type, without the one this document replaces
     */
    public static <T extends Record> Parsed<T> parse(SettingsType<T> type, String json, Collection<T> others) {
        return parse(type, json, OtherDocuments.of(type, others));
    }

    /**
     * Parses and validates a document.
     *
     * @param others the stored documents of the same type, without the one this document replaces
     */
    public static <T extends Record> Parsed<T> parse(SettingsType<T> type, String json, OtherDocuments others) {
        List<FieldError> errors = new ArrayList<>();
        Findings findings = new Findings(errors, new ArrayList<>());
        JsonNode tree;
        try {
            tree = json == null ? null : CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            findings.error("body", "is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + "; send one JSON object");
            return new Parsed<>(null, errors, List.of());
        }
        if (tree == null || tree.isMissingNode()) {
            findings.error("body", "is empty; send one JSON object");
            return new Parsed<>(null, errors, List.of());
        }
        JsonShape.check(tree, type.documentClass(), findings);
        if (findings.hasErrors()) {
            return new Parsed<>(null, errors, List.of());
        }
        try {
            return validate(type, CanonicalJson.MAPPER.treeToValue(tree, type.documentClass()), others);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JsonShape passed what Jackson cannot bind for " + type, e);
        }
    }

    /**
     * Validates a document built in code, or one the partner sent.
     *
     * @param others the stored documents of the same type, without the one this document replaces
     */
    public static <T extends Record> Parsed<T> validate(SettingsType<T> type, T document, Collection<T> others) {
        return validate(type, document, OtherDocuments.of(type, others));
    }

    /**
     * Validates a document against the others as an index answers about them.
     *
     * @param others the stored documents of the same type, without the one this document replaces
     */
    public static <T extends Record> Parsed<T> validate(SettingsType<T> type, T document, OtherDocuments others) {
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Findings findings = new Findings(errors, warnings);
        type.rules().check(document, findings);
        String id = type.singleton() ? null : type.idOf(document);
        if (id != null && others.hasId(id)) {
            findings.error(type.idField(), type.noun() + " '" + id + "' exists already; choose another "
                    + type.idField() + ", or change that one");
        }
        for (Claim claim : type.rules().claims(document)) {
            for (String holder : others.holding(claim.key())) {
                // One with the same id is a clash of ids, reported above.
                if (!holder.equals(id)) {
                    findings.error(claim.field(), claim.clash().apply(holder));
                }
            }
        }
        return new Parsed<>(errors.isEmpty() ? document : null, errors, warnings);
    }

    /**
     * The claims (see {@link Claim#key()}) of a stored document, which the store's index keeps;
     * none for text that no longer binds.
     */
    public static <T extends Record> Set<String> claims(SettingsType<T> type, String body) {
        T document = readStored(type, body);
        return document == null ? Set.of()
                : type.rules().claims(document).stream().map(Claim::key).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Binds a document read back from the store, without checking it again: it was checked when it
     * was written, and re-checking every stored document on every write would cost a node holding
     * thousands of them dearly. Returns null for text that no longer binds.
     */
    public static <T extends Record> T readStored(SettingsType<T> type, String body) {
        try {
            return CanonicalJson.STORED.readValue(body, type.documentClass());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The canonical JSON text of a document: see {@link CanonicalJson}. */
    public static String toJson(Record document) {
        return CanonicalJson.of(document);
    }
}
