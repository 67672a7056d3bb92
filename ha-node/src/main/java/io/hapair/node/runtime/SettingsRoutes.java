package io.hapair.node.runtime;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.netcommit.NetworkCommits;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The settings documents: the catalog of types at {@code /api/v1/settings}, and each type's documents at
 * its own path, {@code /api/v1/<type>} ({@link ApiRoutes} mounts each handler for each type): a
 * collection's list, create, read, replace and delete; a singleton's read and replace. ETags and
 * If-Match give optimistic concurrency; private keys never leave in clear ({@link SecretFields}).
 */
final class SettingsRoutes {

    /** One settings type as the catalog lists it. */
    private record TypeEntry(String type, boolean synced, boolean singleton) {
    }

    private record Catalog(List<TypeEntry> types) {
    }

    /** A stored document with its id and version; {@code document} is the stored JSON, keys redacted. */
    private record Item(String id, String etag, @JsonRawValue String document) {
    }

    private record Items(List<Item> items) {
    }

    /** A written document, and what the checks had to say about it without refusing it. */
    private record Written(String id, String etag, @JsonRawValue String document, List<String> warnings) {
    }

    /**
     * What a part that acts on settings refuses in an edit before it is stored (the data plane: what HAProxy
     * would not run); empty to let the edit through to the settings rules.
     */
    interface EditCheck {
        EditCheck NONE = (type, id, body) -> Future.succeededFuture(List.of());

        /** {@code id}: the document the edit replaces, null for a new one. */
        Future<List<FieldError>> refusals(String type, String id, String body);
    }

    private final SettingsService settings;
    private final SettingsCatalog rules;
    private final StandbyRefusal standby;
    private final EditCheck editCheck;
    /** Null where no write changes the host (the API's tests of the routes alone). */
    private final NetworkCommits network;

    SettingsRoutes(SettingsService settings, SettingsCatalog rules, StandbyRefusal standby, EditCheck editCheck,
                   NetworkCommits network) {
        this.settings = settings;
        this.rules = rules;
        this.standby = standby;
        this.editCheck = editCheck;
        this.network = network;
    }

    void catalog(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, new Catalog(rules.kinds().stream()
                .map(k -> new TypeEntry(k.apiPath(), k.synced(), k.singleton())).toList()));
    }

    void list(RoutingContext ctx, SettingsType<?> kind) {
        settings.list(List.of(kind.apiPath())).onSuccess(docs -> JsonAnswer.send(ctx, 200,
                new Items(docs.stream().map(SettingsRoutes::item).toList()))).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    void getSingleton(RoutingContext ctx, SettingsType<?> kind) {
        settings.list(List.of(kind.apiPath())).onSuccess(docs -> {
            Optional<StoredDocument> one = docs.stream().findFirst();
            if (one.isEmpty()) {
                JsonAnswer.error(ctx, 404, kind.apiPath() + " is not set yet; PUT it");
            } else {
                sendDocument(ctx, one.get());
            }
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    void get(RoutingContext ctx, SettingsType<?> kind) {
        String id = ctx.pathParam("id");
        settings.get(kind.apiPath(), id).onSuccess(doc -> {
            if (doc.isEmpty()) {
                JsonAnswer.error(ctx, 404, kind.apiPath() + "/" + id + " does not exist");
            } else {
                sendDocument(ctx, doc.get());
            }
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    void create(RoutingContext ctx, SettingsType<?> kind) {
        write(ctx, kind, null, true);
    }

    void replace(RoutingContext ctx, SettingsType<?> kind) {
        write(ctx, kind, ctx.pathParam("id"), false);
    }

    void putSingleton(RoutingContext ctx, SettingsType<?> kind) {
        write(ctx, kind, null, false);
    }

    void delete(RoutingContext ctx, SettingsType<?> kind) {
        delete(ctx, kind, ctx.pathParam("id"));
    }

    /**
     * A singleton back to not set: as before it was first set, the node leaves that part of the host as it is
     * (host name, resolver), or does without it (SNMP agent off, UI defaults, no gateway route: a network commit).
     */
    void deleteSingleton(RoutingContext ctx, SettingsType<?> kind) {
        delete(ctx, kind, kind.apiPath());
    }

    private void delete(RoutingContext ctx, SettingsType<?> kind, String id) {
        if (standby.refuses(ctx, kind.synced())) {
            return;
        }
        String ifMatch = ctx.request().getHeader("If-Match");
        onHost(kind, () -> settings.delete(kind.apiPath(), id, ifMatch).map(d -> new NetworkCommits.Write<>(d, true)))
                .onSuccess(d -> ctx.response().setStatusCode(204).end())
                .onFailure(e -> StoreFailure.answer(ctx, e));
    }

    private static Item item(StoredDocument d) {
        return new Item(d.id(), SettingsService.etag(d.version()), SecretFields.redact(d.type(), d.body()));
    }

    private static void sendDocument(RoutingContext ctx, StoredDocument d) {
        ctx.response().putHeader("ETag", SettingsService.etag(d.version()));
        JsonAnswer.sendRaw(ctx, 200, SecretFields.redact(d.type(), d.body()));
    }

    /** {@code urlId}: the collection document's id in the URL; null for a create and for a singleton. */
    private void write(RoutingContext ctx, SettingsType<?> kind, String urlId, boolean create) {
        if (standby.refuses(ctx, kind.synced())) {
            return;
        }
        String json = ctx.body().asString();
        if (json == null || json.isBlank()) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "send the document as a JSON object")));
            return;
        }
        editCheck.refusals(kind.apiPath(), kind.singleton() ? kind.apiPath() : urlId, json).onSuccess(refused -> {
            if (refused.isEmpty()) {
                store(ctx, kind, urlId, create, json);
            } else {
                JsonAnswer.fieldErrors(ctx, refused);
            }
        }).onFailure(e -> JsonAnswer.error(ctx, 503, "the edit could not be checked (" + e.getMessage()
                + "); nothing was stored; try again"));
    }

    private void store(RoutingContext ctx, SettingsType<?> kind, String urlId, boolean create, String json) {
        // Checked on the store's thread against its index: costs the same however many are stored, and
        // runs off this event loop, which the role machine and heartbeats share.
        String ifMatch = create ? "none" : ctx.request().getHeader("If-Match");
        String id = kind.singleton() ? kind.apiPath() : urlId;
        onHost(kind, () -> settings.putChecked(kind.apiPath(), id, ifMatch, (stored, others) -> {
            SettingsCatalog.Checked checked = rules.check(kind, SecretFields.restore(kind.apiPath(), json,
                    stored.map(StoredDocument::body)), others);
            if (checked.errors().isEmpty() && urlId != null && !urlId.equals(checked.id())) {
                checked = new SettingsCatalog.Checked(null, null, List.of(new FieldError("id", "the document's id '"
                        + checked.id() + "' differs from the URL's '" + urlId + "'; rename by creating a new one and"
                        + " deleting this")), checked.warnings());
            }
            return checked.errors().isEmpty() ? new SettingsService.Draft<>(checked.id(), checked.body(), checked)
                    : SettingsService.Draft.refused(checked);
        }).map(r -> new NetworkCommits.Write<>(r, r.written() != null))).onSuccess(changed -> {
            SettingsService.Checked<SettingsCatalog.Checked> r = changed.result();
            if (r.written() == null) {
                JsonAnswer.fieldErrors(ctx, r.outcome().errors());
                return;
            }
            StoredDocument d = r.written();
            ctx.response().putHeader("ETag", SettingsService.etag(d.version()))
                    .putHeader("Location", "/api/v1/" + kind.apiPath() + (kind.singleton() ? "" : "/" + d.id()));
            JsonAnswer.send(ctx, r.created() ? 201 : 200, new Written(d.id(), SettingsService.etag(d.version()),
                    SecretFields.redact(d.type(), d.body()), both(r.outcome().warnings(), changed.warnings())));
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }

    /** A write of a setting that changes the host's network goes through its confirmed commit. */
    private <T> Future<NetworkCommits.Changed<T>> onHost(SettingsType<?> kind,
                                                          Supplier<Future<NetworkCommits.Write<T>>> write) {
        return network != null && NetworkCommits.governs(kind) ? network.change(write)
                : write.get().map(w -> new NetworkCommits.Changed<>(w.result(), List.of()));
    }

    private static List<String> both(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
