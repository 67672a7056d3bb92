package io.hapair.node.runtime;

import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * Private keys are write-only through the API: reads, conflict listings and exports show a
 * placeholder, and a write or import that sends the placeholder back keeps the stored key, so a
 * client can read, edit and write a certificate document without ever holding its key. An export
 * carries keys only when the operator asks, encrypted with a passphrase ({@link ExportedKeys}).
 */
final class SecretFields {

    static final String PLACEHOLDER = "(stored; not shown)";
    static final String FIELD = "privateKey";
    private static final Set<String> TYPES = Set.of("vs-certificates", "admin-certificate");

    /** Why an exported document's key cannot be imported; {@code field} is relative to the document unless a header. */
    static final class KeyProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient FieldError error;

        KeyProblem(String field, String message) {
            super(message);
            this.error = new FieldError(field, message);
        }

        FieldError error(String documentPath) {
            return error.field().equals(ExportedKeys.HEADER) ? error
                    : new FieldError(documentPath + "." + error.field(), error.message());
        }
    }

    private SecretFields() {
    }

    static boolean holdsSecrets(String type) {
        return TYPES.contains(type);
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

    /** The body for an export: its key left out (the placeholder), or encrypted when a passphrase is given. */
    static String forExport(String type, String body, char[] passphrase) {
        if (passphrase == null || !TYPES.contains(type) || body == null) {
            return redact(type, body);
        }
        JsonObject doc = new JsonObject(body);
        if (doc.getValue(FIELD) instanceof String key) {
            doc.put(FIELD, ExportedKeys.encrypt(key, passphrase));
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

    /**
     * The body to validate from an exported document: an encrypted key decrypted with the passphrase
     * (null when none was given), a left-out key taken from the stored document of the same id.
     */
    static String fromExport(String type, String json, Optional<String> storedBody, char[] passphrase)
            throws KeyProblem {
        if (!TYPES.contains(type)) {
            return json;
        }
        JsonObject doc;
        try {
            doc = new JsonObject(json);
        } catch (RuntimeException e) {
            return json; // the document check reports what is wrong with it
        }
        Object key = doc.getValue(FIELD);
        if (PLACEHOLDER.equals(key)) {
            if (storedBody.isEmpty() || !(new JsonObject(storedBody.get()).getValue(FIELD) instanceof String)) {
                throw new KeyProblem(FIELD, "the export left this key out and this node has none stored for this"
                        + " document; export with keys=encrypted and a passphrase, or put the key in PEM here");
            }
            return restore(type, json, storedBody);
        }
        if (!(key instanceof String pem) || !ExportedKeys.encrypted(pem)) {
            return json;
        }
        if (passphrase == null) {
            throw new KeyProblem(ExportedKeys.HEADER, "the export's private keys are encrypted; send the passphrase"
                    + " given at export in the " + ExportedKeys.HEADER + " header");
        }
        try {
            String plain = ExportedKeys.decrypt(pem, passphrase);
            // The stored text of the same key stays as it is, so a backup restored onto its node changes nothing.
            Object stored = storedBody.map(b -> new JsonObject(b).getValue(FIELD)).orElse(null);
            return doc.put(FIELD, stored instanceof String s && ExportedKeys.sameKey(s, plain) ? s : plain).encode();
        } catch (ExportedKeys.CannotDecrypt e) {
            throw new KeyProblem(FIELD, e.getMessage() + "; send the passphrase used for the export in the "
                    + ExportedKeys.HEADER + " header");
        }
    }
}
