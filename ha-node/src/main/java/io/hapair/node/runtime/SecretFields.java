package io.hapair.node.runtime;

import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Private keys are write-only through the API: reads, conflict listings and exports show a
 * placeholder, and a write or import that sends the placeholder back keeps the stored key, so a
 * client can read, edit and write a certificate document without ever holding its key. An export
 * carries keys only when the operator asks, encrypted with a passphrase ({@link ExportedKeys}).
 * The SNMPv3 users' passphrases (each element of the SNMP settings' {@code users}) are write-only
 * the same way; a placeholder sent back keeps the stored passphrase of the user of the same name.
 */
final class SecretFields {

    static final String PLACEHOLDER = "(stored; not shown)";
    static final String FIELD = "privateKey";
    private static final Set<String> TYPES = Set.of("vs-certificates", "admin-certificate");
    private static final String SNMP = "snmp";
    private static final String USERS = "users";
    private static final List<String> PASSPHRASES = List.of("authPassphrase", "privPassphrase");
    /** Every field that holds a secret, in whichever document: what an import's preview never shows. */
    static final Set<String> NAMES = Set.of(FIELD, PASSPHRASES.get(0), PASSPHRASES.get(1));

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
        if (SNMP.equals(type) && body != null) {
            JsonObject doc = new JsonObject(body);
            users(doc).forEach(user -> PASSPHRASES.stream().filter(user::containsKey)
                    .forEach(field -> user.put(field, PLACEHOLDER)));
            return doc.encode();
        }
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
        if (SNMP.equals(type) && storedBody.isPresent()) {
            return restorePassphrases(json, storedBody.get());
        }
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
     * The SNMP settings to validate: each user's placeholder replaced by the passphrase stored for the user of the
     * same name; a placeholder with none stored stays, and the SNMP rules refuse it by name.
     */
    private static String restorePassphrases(String json, String storedBody) {
        JsonObject doc;
        try {
            doc = new JsonObject(json);
        } catch (RuntimeException e) {
            return json;
        }
        Map<Object, JsonObject> stored = new HashMap<>();
        users(new JsonObject(storedBody)).forEach(u -> stored.put(u.getValue("name"), u));
        for (JsonObject user : users(doc)) {
            JsonObject same = stored.get(user.getValue("name"));
            for (String field : PASSPHRASES) {
                if (PLACEHOLDER.equals(user.getValue(field)) && same != null && same.getValue(field) != null) {
                    user.put(field, same.getValue(field));
                }
            }
        }
        return doc.encode();
    }

    /** The SNMP settings' users that are JSON objects (the document check reports any other element). */
    private static List<JsonObject> users(JsonObject doc) {
        return doc.getValue(USERS) instanceof JsonArray users ? users.stream()
                .filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList() : List.of();
    }

    /**
     * The body to validate from an exported document: an encrypted key decrypted with the passphrase
     * (null when none was given), a left-out key taken from the stored document of the same id.
     */
    static String fromExport(String type, String json, Optional<String> storedBody, char[] passphrase)
            throws KeyProblem {
        if (SNMP.equals(type)) {
            return storedBody.map(stored -> restorePassphrases(json, stored)).orElse(json);
        }
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
