package io.hapair.node.runtime;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * Private keys are write-only through the API: reads show a placeholder, and a write that sends the
 * placeholder back keeps the stored key, so a client can read, edit and write a certificate
 * document without ever holding its key. Exports (backups) keep the keys.
 */
final class SecretFields {

    static final String PLACEHOLDER = "(stored; not shown)";
    private static final String FIELD = "privateKey";
    private static final Set<String> TYPES = Set.of("vs-certificates", "admin-certificate");

    private SecretFields() {
    }

    static String redact(String type, String body) {
        if (!TYPES.contains(type) || body == null) {
            return body;
        }
        JsonObject doc = new JsonObject(body);
        if (doc.containsKey(FIELD)) {
            doc.put(FIELD, PLACEHOLDER);
        }
        return doc.encode();
    }

    /** The body to validate: the placeholder replaced by the stored key of the same document, if any. */
    static String restore(String type, String json, Optional<String> storedBody) {
        if (!TYPES.contains(type) || storedBody.isEmpty()) {
            return json;
        }
        JsonObject doc;
        try {
            doc = new JsonObject(json);
        } catch (RuntimeException e) {
            return json;
        }
        if (!PLACEHOLDER.equals(doc.getValue(FIELD))) {
            return json;
        }
        return doc.put(FIELD, new JsonObject(storedBody.get()).getValue(FIELD)).encode();
    }
}
