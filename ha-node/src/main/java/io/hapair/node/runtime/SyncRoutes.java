package io.hapair.node.runtime;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncService;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Sync with the partner as operators see it ({@code /api/v1/sync/...}): its state, a comparison now,
 * and the conflicts that concurrent edits left, with the choice of the version to keep.
 */
final class SyncRoutes {

    private record Started(boolean started) {
    }

    /**
     * One side of a conflict.
     *
     * @param document the document as that side has it, keys redacted; null when that side deleted it
     */
    private record Side(String editedOn, long editedAt, boolean deleted, @JsonRawValue String document) {
    }

    private record Conflict(String type, String id, long detectedAt, Side kept, Side lost) {
    }

    private record Conflicts(List<Conflict> conflicts) {
    }

    private record Resolved(String resolved, String kept) {
    }

    private final SettingsService settings;
    private final SyncService sync;
    private final SettingsCatalog rules;
    private final StandbyRefusal standby;

    /** {@code sync} is null when HA is off: there is no partner. */
    SyncRoutes(SettingsService settings, SyncService sync, SettingsCatalog rules, StandbyRefusal standby) {
        this.settings = settings;
        this.sync = sync;
        this.rules = rules;
        this.standby = standby;
    }

    void status(RoutingContext ctx) {
        settings.conflicts().onSuccess(c -> JsonAnswer.send(ctx, 200, SyncStatusJson.of(sync, c.size())))
                .onFailure(e -> StoreFailure.answer(ctx, e));
    }

    void now(RoutingContext ctx) {
        if (sync == null) {
            JsonAnswer.error(ctx, 409, "HA is off on this node: there is no partner to sync with");
            return;
        }
        if (sync.compareNow("operator")) {
            JsonAnswer.send(ctx, 202, new Started(true));
        } else {
            JsonAnswer.error(ctx, 409, sync.state().refusal() != null ? sync.state().refusal()
                    : "the partner is not connected over the peer link; sync runs when it reconnects");
        }
    }

    void conflicts(RoutingContext ctx) {
        settings.conflicts().onSuccess(list -> JsonAnswer.send(ctx, 200, new Conflicts(list.stream()
                .map(c -> new Conflict(c.winner().type(), c.winner().id(), c.detectedAt(), side(c.winner()),
                        side(c.loser()))).toList())))
                .onFailure(e -> StoreFailure.answer(ctx, e));
    }

    private static Side side(StoredDocument d) {
        return new Side(d.version().origin(), d.version().wall(), d.deleted(),
                d.deleted() ? null : SecretFields.redact(d.type(), d.body()));
    }

    /** Keeping the lost version is an edit of a synced document: refused on a standby like any other. */
    void accept(RoutingContext ctx) {
        String type = ctx.pathParam("type");
        Optional<SettingsType<?>> kind = rules.kind(type);
        if (kind.isEmpty()) {
            JsonAnswer.error(ctx, 404, "no settings type '" + type + "'; GET /api/v1/settings lists them");
            return;
        }
        if (standby.refuses(ctx, kind.get().synced())) {
            return;
        }
        Optional<JsonObject> body = JsonBody.object(ctx, "{\"keep\": \"kept\"} or {\"keep\": \"lost\"}");
        if (body.isEmpty()) {
            return;
        }
        Object keep = body.get().getValue("keep");
        if (!"kept".equals(keep) && !"lost".equals(keep)) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("keep",
                    "say which version to keep: \"kept\" or \"lost\"")));
            return;
        }
        String id = ctx.pathParam("id");
        settings.accept(type, id, "lost".equals(keep)).onSuccess(v -> {
            if (sync != null) {
                sync.resolved(type, id);
            }
            JsonAnswer.send(ctx, 200, new Resolved(type + "/" + id, (String) keep));
        }).onFailure(e -> StoreFailure.answer(ctx, e));
    }
}
