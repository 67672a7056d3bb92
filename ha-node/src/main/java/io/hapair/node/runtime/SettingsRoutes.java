package io.hapair.node.runtime;

import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncService;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings REST API: CRUD for every document type under {@code /api/v1/<type>}, ETag and
 * If-Match for optimistic concurrency, export and import of the synced settings, and the sync
 * endpoints. On a standby node that the balancer reaches, writes to synced settings are refused:
 * they belong on the active node; node-local settings stay writable.
 */
final class SettingsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsRoutes.class);

    private final SettingsService settings;
    private final SyncService sync;
    private final SettingsCatalog rules;
    private final BooleanSupplier standby;
    private final String partner;
    private final String nodeName;

    SettingsRoutes(SettingsService settings, SyncService sync, SettingsCatalog rules, BooleanSupplier standby,
                   String partner, String nodeName) {
        this.settings = settings;
        this.sync = sync;
        this.rules = rules;
        this.standby = standby;
        this.partner = partner;
        this.nodeName = nodeName;
    }

    void mount(Router router) {
        router.get("/api/v1/settings").handler(this::catalog);
        router.get("/api/v1/settings/export").handler(this::export);
        router.post("/api/v1/settings/import").handler(this::importAll);
        router.get("/api/v1/sync/status").handler(ctx -> settings.conflicts()
                .onSuccess(c -> Json.send(ctx, 200, SyncStatusJson.of(sync, c.size())))
                .onFailure(e -> Json.failed(ctx, e)));
        router.post("/api/v1/sync/now").handler(this::syncNow);
        router.get("/api/v1/sync/conflicts").handler(this::conflicts);
        router.post("/api/v1/sync/conflicts/:type/:id/accept").handler(this::accept);
        router.get("/api/v1/:type").handler(this::list);
        router.post("/api/v1/:type").handler(ctx -> write(ctx, null, true));
        router.put("/api/v1/:type").handler(ctx -> write(ctx, null, false));
        router.get("/api/v1/:type/:id").handler(this::get);
        router.put("/api/v1/:type/:id").handler(ctx -> write(ctx, ctx.pathParam("id"), false));
        router.delete("/api/v1/:type/:id").handler(this::delete);
    }

    private Optional<SettingsCatalog.Kind> kind(RoutingContext ctx) {
        Optional<SettingsCatalog.Kind> k = rules.kind(ctx.pathParam("type"));
        if (k.isEmpty()) {
            Json.send(ctx, 404, new JsonObject().put("error", "no settings type '" + ctx.pathParam("type")
                    + "'; GET /api/v1/settings lists them"));
        }
        return k;
    }

    private boolean refusedOnStandby(RoutingContext ctx, SettingsCatalog.Kind kind) {
        if (kind.synced() && standby.getAsBoolean()) {
            Json.send(ctx, 403, new JsonObject().put("error", "standby: local administration only; make the change"
                    + " on the active node" + (partner == null ? "" : " (" + partner + ")")));
            return true;
        }
        return false;
    }

    private void catalog(RoutingContext ctx) {
        JsonArray types = new JsonArray();
        rules.kinds().forEach(k -> types.add(new JsonObject().put("type", k.path()).put("synced", k.synced())
                .put("singleton", k.singleton())));
        Json.send(ctx, 200, new JsonObject().put("types", types));
    }

    private void list(RoutingContext ctx) {
        kind(ctx).ifPresent(k -> settings.list(List.of(k.path())).onComplete(ar -> {
            if (ar.failed()) {
                Json.failed(ctx, ar.cause());
            } else if (k.singleton()) {
                Optional<StoredDocument> one = ar.result().stream().findFirst();
                if (one.isEmpty()) {
                    Json.send(ctx, 404, new JsonObject().put("error", k.path() + " is not set yet; PUT it"));
                } else {
                    ctx.response().putHeader("ETag", SettingsService.etag(one.get().version()));
                    Json.sendRaw(ctx, 200, SecretFields.redact(k.path(), one.get().body()));
                }
            } else {
                JsonArray items = new JsonArray();
                ar.result().forEach(d -> items.add(item(d)));
                Json.send(ctx, 200, new JsonObject().put("items", items));
            }
        }));
    }

    private static JsonObject item(StoredDocument d) {
        return new JsonObject().put("id", d.id()).put("etag", SettingsService.etag(d.version()))
                .put("document", new JsonObject(SecretFields.redact(d.type(), d.body())));
    }

    private void get(RoutingContext ctx) {
        kind(ctx).ifPresent(k -> settings.get(k.path(), ctx.pathParam("id")).onComplete(ar -> {
            if (ar.failed()) {
                Json.failed(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Json.send(ctx, 404, new JsonObject().put("error", k.path() + "/" + ctx.pathParam("id") + " does not exist"));
            } else {
                ctx.response().putHeader("ETag", SettingsService.etag(ar.result().get().version()));
                Json.sendRaw(ctx, 200, SecretFields.redact(k.path(), ar.result().get().body()));
            }
        }));
    }

    private void write(RoutingContext ctx, String pathId, boolean create) {
        Optional<SettingsCatalog.Kind> found = kind(ctx);
        if (found.isEmpty()) {
            return;
        }
        SettingsCatalog.Kind k = found.get();
        // A singleton takes PUT on its type; a collection takes POST on the type and PUT on a document.
        boolean rightVerb = k.singleton() ? !create && pathId == null : create == (pathId == null);
        if (!rightVerb) {
            Json.send(ctx, 405, new JsonObject().put("error", k.singleton()
                    ? k.path() + " is a single document: PUT /api/v1/" + k.path()
                    : "create with POST /api/v1/" + k.path() + ", replace with PUT /api/v1/" + k.path() + "/ID"));
            return;
        }
        if (refusedOnStandby(ctx, k)) {
            return;
        }
        String json = ctx.body().asString();
        if (json == null || json.isBlank()) {
            Json.errors(ctx, List.of(new FieldError("body", "send the document as a JSON object")));
            return;
        }
        // Checked on the store's thread against its index: costs the same however many are stored, and
        // runs off this event loop, which the role machine and heartbeats share.
        String ifMatch = create ? "none" : ctx.request().getHeader("If-Match");
        settings.putChecked(k.path(), k.singleton() ? k.path() : pathId, ifMatch, (stored, others) -> {
            SettingsCatalog.Checked checked = rules.check(k, SecretFields.restore(k.path(), json,
                    stored.map(StoredDocument::body)), others);
            if (checked.errors().isEmpty() && pathId != null && !pathId.equals(checked.id())) {
                checked = new SettingsCatalog.Checked(null, null, List.of(new FieldError("id", "the document's id '"
                        + checked.id() + "' differs from the URL's '" + pathId + "'; rename by creating a new one and"
                        + " deleting this")), checked.warnings());
            }
            return checked.errors().isEmpty() ? new SettingsService.Draft<>(checked.id(), checked.body(), checked)
                    : SettingsService.Draft.refused(checked);
        }).onSuccess(r -> {
            if (r.written() == null) {
                Json.errors(ctx, r.outcome().errors());
                return;
            }
            StoredDocument d = r.written();
            ctx.response().putHeader("ETag", SettingsService.etag(d.version()))
                    .putHeader("Location", "/api/v1/" + k.path() + (k.singleton() ? "" : "/" + d.id()));
            Json.send(ctx, r.created() ? 201 : 200, item(d).put("warnings", new JsonArray(r.outcome().warnings())));
        }).onFailure(e -> Json.failed(ctx, e));
    }

    private void delete(RoutingContext ctx) {
        kind(ctx).ifPresent(k -> {
            if (refusedOnStandby(ctx, k)) {
                return;
            }
            settings.delete(k.path(), ctx.pathParam("id"), ctx.request().getHeader("If-Match"))
                    .onSuccess(d -> ctx.response().setStatusCode(204).end())
                    .onFailure(e -> Json.failed(ctx, e));
        });
    }

    private List<String> syncedPaths() {
        return rules.kinds().stream().filter(SettingsCatalog.Kind::synced).map(SettingsCatalog.Kind::path).toList();
    }

    /**
     * The synced settings as one document. Private keys are left out unless the operator asks for
     * them with {@code keys=encrypted} and a passphrase in a header (never the URL, which gets logged):
     * then each is encrypted with it.
     */
    private void export(RoutingContext ctx) {
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
            Json.errors(ctx, errors);
            return;
        }
        char[] secret = keys == null ? null : passphrase.toCharArray();
        settings.list(syncedPaths()).compose(docs -> ctx.vertx().executeBlocking(() -> {
            JsonObject byType = new JsonObject();
            for (StoredDocument d : docs) {
                JsonArray list = byType.getJsonArray(d.type(), new JsonArray());
                byType.put(d.type(), list.add(new JsonObject(SecretFields.forExport(d.type(), d.body(), secret))));
            }
            return byType;
        }, false)).onSuccess(byType -> {
            LOG.info("api: exported synced settings, private keys {}", keys == null ? "left out" : "encrypted");
            Json.send(ctx, 200, new JsonObject().put("schemaVersion", SettingsStore.SCHEMA_VERSION)
                    .put("exportedAt", System.currentTimeMillis()).put("node", nodeName)
                    .put("keys", keys == null ? "left out" : "encrypted").put("settings", byType));
        }).onFailure(e -> Json.failed(ctx, e));
    }

    /**
     * The request body as a JSON object, or empty after answering 400: a client's malformed body is
     * its mistake, never a 500.
     */
    private static Optional<JsonObject> jsonObject(RoutingContext ctx, String expected) {
        String text = ctx.body().asString();
        Object parsed;
        try {
            parsed = text == null || text.isBlank() ? null : io.vertx.core.json.Json.decodeValue(text);
        } catch (RuntimeException e) {
            Json.errors(ctx, List.of(new FieldError("body", "not valid JSON (" + e.getMessage() + "); send " + expected)));
            return Optional.empty();
        }
        if (!(parsed instanceof JsonObject object)) {
            Json.errors(ctx, List.of(new FieldError("body", "send " + expected)));
            return Optional.empty();
        }
        return Optional.of(object);
    }

    /** Makes the synced settings equal to an export: every document checked first, then all stored at once. */
    private void importAll(RoutingContext ctx) {
        Optional<JsonObject> parsed = jsonObject(ctx, "a document from GET /api/v1/settings/export"
                + " ({schemaVersion, settings})");
        if (parsed.isEmpty()) {
            return;
        }
        JsonObject body = parsed.get();
        List<FieldError> shape = new ArrayList<>();
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
                Optional<SettingsCatalog.Kind> k = rules.kind(type);
                if (k.isEmpty() || !k.get().synced()) {
                    shape.add(new FieldError("settings." + type, k.isEmpty() ? "unknown settings type"
                            : "node-local settings are never imported; remove " + type));
                } else if (!(all.getValue(type) instanceof JsonArray)) {
                    shape.add(new FieldError("settings." + type, "give a list of " + type + " documents"));
                }
            }
        }
        if (!shape.isEmpty()) {
            Json.errors(ctx, shape);
            return;
        }
        if (standby.getAsBoolean()) {
            refusedOnStandby(ctx, new SettingsCatalog.Kind("import", true, false));
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
                        Json.failed(ctx, checked.cause());
                    } else if (!checked.result().errors().isEmpty()) {
                        Json.errors(ctx, checked.result().errors());
                    } else {
                        Map<String, String> bodies = checked.result().bodies();
                        settings.replaceAll(syncedPaths(), bodies).onSuccess(changed -> {
                            LOG.info("api: imported synced settings: {} documents, {} changed", bodies.size(),
                                    changed.size());
                            Json.send(ctx, 200, new JsonObject().put("documents", bodies.size())
                                    .put("changed", changed.size()));
                        }).onFailure(e -> Json.failed(ctx, e));
                    }
                });
    }

    private record ImportChecked(Map<String, String> bodies, List<FieldError> errors) {
    }

    /** Checks every document of an export (keys decrypted or taken from the stored documents first). */
    private ImportChecked checkImport(JsonObject all, List<StoredDocument> storedSecrets, char[] passphrase) {
        Map<String, String> storedBodies = new HashMap<>();
        storedSecrets.forEach(d -> storedBodies.put(d.key(), d.body()));
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String type : all.fieldNames()) {
            SettingsCatalog.Kind kind = rules.kind(type).orElseThrow();
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

    private void syncNow(RoutingContext ctx) {
        if (sync == null) {
            Json.send(ctx, 409, new JsonObject().put("error", "HA is off on this node: there is no partner to sync with"));
            return;
        }
        if (sync.compareNow("operator")) {
            Json.send(ctx, 202, new JsonObject().put("started", true));
        } else {
            Json.send(ctx, 409, new JsonObject().put("error", sync.state().refusal() != null ? sync.state().refusal()
                    : "the partner is not connected over the peer link; sync runs when it reconnects"));
        }
    }

    private void conflicts(RoutingContext ctx) {
        settings.conflicts().onSuccess(list -> {
            JsonArray out = new JsonArray();
            list.forEach(c -> out.add(new JsonObject().put("type", c.winner().type()).put("id", c.winner().id())
                    .put("detectedAt", c.detectedAt())
                    .put("kept", side(c.winner())).put("lost", side(c.loser()))));
            Json.send(ctx, 200, new JsonObject().put("conflicts", out));
        }).onFailure(e -> Json.failed(ctx, e));
    }

    private static JsonObject side(StoredDocument d) {
        return new JsonObject().put("editedOn", d.version().origin()).put("editedAt", d.version().wall())
                .put("deleted", d.deleted())
                .put("document", d.deleted() ? null : new JsonObject(SecretFields.redact(d.type(), d.body())));
    }

    /** Keeping the lost version is an edit of a synced document: refused on a standby like any other. */
    private void accept(RoutingContext ctx) {
        Optional<SettingsCatalog.Kind> k = kind(ctx);
        if (k.isEmpty() || refusedOnStandby(ctx, k.get())) {
            return;
        }
        Optional<JsonObject> body = jsonObject(ctx, "{\"keep\": \"kept\"} or {\"keep\": \"lost\"}");
        if (body.isEmpty()) {
            return;
        }
        Object keep = body.get().getValue("keep");
        if (!"kept".equals(keep) && !"lost".equals(keep)) {
            Json.errors(ctx, List.of(new FieldError("keep", "say which version to keep: \"kept\" or \"lost\"")));
            return;
        }
        String type = k.get().path();
        String id = ctx.pathParam("id");
        settings.accept(type, id, "lost".equals(keep)).onSuccess(v -> {
            if (sync != null) {
                sync.resolved(type, id);
            }
            Json.send(ctx, 200, new JsonObject().put("resolved", type + "/" + id).put("kept", (String) keep));
        }).onFailure(e -> Json.failed(ctx, e));
    }
}
