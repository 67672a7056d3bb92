package io.hapair.node.runtime;

import com.fasterxml.jackson.databind.util.RawValue;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.transfer.model.SettingsDiff;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export and import of the synced settings as one document ({@code /api/v1/settings/export} and
 * {@code /import}): backup, restore, migration. Node-local settings are never part of it. An import can be
 * previewed first ({@code dryRun=true}) and then applied as previewed ({@code If-Match} with the preview's token).
 */
final class SettingsTransferRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsTransferRoutes.class);

    /**
     * The export: every synced document by type, as stored (keys encrypted or left out).
     *
     * @param keys {@code left out} or {@code encrypted}
     */
    private record Export(int schemaVersion, long exportedAt, String node, String keys,
                          Map<String, List<RawValue>> settings) {
    }

    private record Imported(int documents, int changed) {
    }

    private record ImportChecked(Map<String, String> bodies, List<FieldError> errors) {
    }

    private final SettingsService settings;
    private final SettingsCatalog rules;
    private final StandbyRefusal standby;
    private final String nodeName;

    SettingsTransferRoutes(SettingsService settings, SettingsCatalog rules, StandbyRefusal standby, String nodeName) {
        this.settings = settings;
        this.rules = rules;
        this.standby = standby;
        this.nodeName = nodeName;
    }

    private List<String> syncedPaths() {
        return rules.kinds().stream().filter(SettingsType::synced).map(SettingsType::apiPath).toList();
    }

    /**
     * The synced settings as one document. Private keys are left out unless the operator asks for
     * them with {@code keys=encrypted} and a passphrase in a header (never the URL, which gets logged):
     * then each is encrypted with it.
     */
    void export(RoutingContext ctx) {
        String keys = ctx.request().getParam("keys");
        String passphrase = ctx.request().getHeader(ExportedKeys.HEADER);
        List<FieldError> errors = new ArrayList<>();
        if (ctx.request().getParam("passphrase") != null) {
            errors.add(new FieldError("passphrase", "never put the passphrase in the URL (URLs are logged); send it"
                    + " in the " + ExportedKeys.HEADER + " header"));
        }
        if (keys != null && !keys.equals("encrypted")) {
            errors.add(new FieldError("keys", "keys=encrypted exports private keys encrypted with a passphrase;"
                    + " leave keys out to export without them. Keys are never exported in clear"));
        } else if (keys != null && (passphrase == null || passphrase.length() < ExportedKeys.MIN_PASSPHRASE)) {
            errors.add(new FieldError(ExportedKeys.HEADER, "keys=encrypted needs a passphrase of at least "
                    + ExportedKeys.MIN_PASSPHRASE + " characters in the " + ExportedKeys.HEADER + " header;"
                    + " keep it: the import needs it"));
        }
        if (!errors.isEmpty()) {
            JsonAnswer.fieldErrors(ctx, errors);
            return;
        }
        char[] secret = keys == null ? null : passphrase.toCharArray();
        settings.list(syncedPaths()).compose(docs -> ctx.vertx().executeBlocking(() -> {
            Map<String, List<RawValue>> byType = new LinkedHashMap<>();
            for (StoredDocument d : docs) {
                byType.computeIfAbsent(d.type(), t -> new ArrayList<>())
                        .add(new RawValue(SecretFields.forExport(d.type(), d.body(), secret)));
            }
            return byType;
        }, false)).onSuccess(byType -> {
            String keysAre = keys == null ? "left out" : "encrypted";
            LOG.info("api: exported synced settings, private keys {}", keysAre);
            JsonAnswer.send(ctx, 200, new Export(SettingsStore.SCHEMA_VERSION, System.currentTimeMillis(), nodeName,
                    keysAre, byType));
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    /**
     * Makes the synced settings equal to an export: every document checked first, then all stored at once; with
     * {@code dryRun=true} only says what that would change, document by document ({@link SettingsDiff}).
     */
    void importAll(RoutingContext ctx) {
        Optional<JsonObject> parsed = JsonBody.object(ctx, "a document from GET /api/v1/settings/export"
                + " ({schemaVersion, settings})");
        if (parsed.isEmpty()) {
            return;
        }
        JsonObject body = parsed.get();
        List<FieldError> shape = new ArrayList<>();
        String dryRunParam = ctx.request().getParam("dryRun");
        if (dryRunParam != null && !dryRunParam.equals("true") && !dryRunParam.equals("false")) {
            shape.add(new FieldError("dryRun", "give true to preview what the import would change without storing it,"
                    + " or false (or leave it out) to store it"));
        }
        boolean dryRun = "true".equals(dryRunParam);
        if (!(body.getValue("schemaVersion") instanceof Integer schema)) {
            shape.add(new FieldError("schemaVersion", "give the export's schema version, a whole number"));
        } else if (schema > SettingsStore.SCHEMA_VERSION) {
            shape.add(new FieldError("schemaVersion", "export has schema " + schema + ", newer than this node's "
                    + SettingsStore.SCHEMA_VERSION + "; import it on newer software"));
        }
        if (!(body.getValue("settings") instanceof JsonObject all)) {
            shape.add(new FieldError("settings", "give the export's settings: an object of lists by settings type"));
        } else {
            for (String type : all.fieldNames()) {
                Optional<SettingsType<?>> k = rules.kind(type);
                if (k.isEmpty() || !k.get().synced()) {
                    shape.add(new FieldError("settings." + type, k.isEmpty() ? "unknown settings type"
                            : "node-local settings are never imported; remove " + type));
                } else if (!(all.getValue(type) instanceof JsonArray)) {
                    shape.add(new FieldError("settings." + type, "give a list of " + type + " documents"));
                }
            }
        }
        if (!shape.isEmpty()) {
            JsonAnswer.fieldErrors(ctx, shape);
            return;
        }
        if (standby.refuses(ctx, true)) {
            return;
        }
        String passphrase = ctx.request().getHeader(ExportedKeys.HEADER);
        JsonObject all = body.getJsonObject("settings");
        List<String> secretTypes = all.fieldNames().stream().filter(SecretFields::holdsSecrets).toList();
        Future<List<StoredDocument>> stored = secretTypes.isEmpty() ? Future.succeededFuture(List.of())
                : settings.list(secretTypes);
        stored.compose(secrets -> ctx.vertx().executeBlocking(() -> checkImport(all, secrets,
                passphrase == null ? null : passphrase.toCharArray()), false)).onComplete(checked -> {
                    if (checked.failed()) {
                        StoreFailure.answer(ctx, checked.cause());
                    } else if (!checked.result().errors().isEmpty()) {
                        JsonAnswer.fieldErrors(ctx, checked.result().errors());
                    } else if (dryRun) {
                        preview(ctx, checked.result().bodies());
                    } else {
                        apply(ctx, checked.result().bodies());
                    }
                });
    }

    /** What the import would change, and the token its apply names; nothing is written. */
    private void preview(RoutingContext ctx, Map<String, String> bodies) {
        settings.list(syncedPaths()).compose(docs -> ctx.vertx().executeBlocking(() -> {
            Map<String, String> stored = new HashMap<>();
            docs.forEach(d -> stored.put(d.key(), d.body()));
            return SettingsDiff.of(stored, bodies, SecretFields.NAMES);
        }, false)).onSuccess(preview -> {
            LOG.info("api: previewed an import of synced settings: {} documents would change, {} stay",
                    preview.changes().size(), preview.unchanged());
            JsonAnswer.send(ctx, 200, preview);
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    /**
     * Stores the import. With {@code If-Match} (the preview's token) only while the stored settings and the import
     * are still those the preview compared, checked with the write: the operator applies what they saw.
     */
    private void apply(RoutingContext ctx, Map<String, String> bodies) {
        String previewed = ctx.request().getHeader("If-Match");
        Future<List<StoredDocument>> written = previewed == null ? settings.replaceAll(syncedPaths(), bodies)
                : settings.replaceAllIf(syncedPaths(), bodies,
                        live -> SettingsDiff.token(live, bodies).equals(previewed),
                        "the synced settings or the uploaded file changed since the preview (If-Match " + previewed
                                + "); preview again and apply what it shows");
        written.onSuccess(changed -> {
            LOG.info("api: imported synced settings: {} documents, {} changed{}", bodies.size(), changed.size(),
                    previewed == null ? "" : ", as previewed");
            JsonAnswer.send(ctx, 200, new Imported(bodies.size(), changed.size()));
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    /** Checks every document of an export (keys decrypted or taken from the stored documents first). */
    private ImportChecked checkImport(JsonObject all, List<StoredDocument> storedSecrets, char[] passphrase) {
        Map<String, String> storedBodies = new HashMap<>();
        storedSecrets.forEach(d -> storedBodies.put(d.key(), d.body()));
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String type : all.fieldNames()) {
            SettingsType<?> kind = rules.kind(type).orElseThrow();
            String idField = SettingsType.byApiPath(type).orElseThrow().idField();
            JsonArray docs = all.getJsonArray(type);
            List<String> jsons = new ArrayList<>();
            Set<Integer> keyRefused = new HashSet<>();
            for (int i = 0; i < docs.size(); i++) {
                Object d = docs.getValue(i);
                String json = d instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(d);
                Object id = d instanceof JsonObject o ? (kind.singleton() ? type : o.getValue(idField)) : null;
                try {
                    jsons.add(SecretFields.fromExport(type, json,
                            Optional.ofNullable(storedBodies.get(type + "/" + id)), passphrase));
                } catch (SecretFields.KeyProblem e) {
                    errors.add(e.error("settings." + type + "[" + i + "]"));
                    keyRefused.add(i);
                    jsons.add(json);
                }
            }
            List<SettingsCatalog.Checked> checked = rules.checkTogether(kind, jsons);
            for (int i = 0; i < checked.size(); i++) {
                SettingsCatalog.Checked c = checked.get(i);
                int at = i;
                // The key's own problem was reported above; what the check says of the unusable key adds nothing.
                c.errors().stream().filter(e -> !(keyRefused.contains(at) && e.field().equals(SecretFields.FIELD)))
                        .forEach(e -> errors.add(new FieldError("settings." + type + "[" + at + "]." + e.field(),
                                e.message())));
                if (c.errors().isEmpty()) {
                    bodies.put(type + "/" + c.id(), c.body());
                }
            }
        }
        return new ImportChecked(bodies, errors.stream().distinct().toList());
    }
}
