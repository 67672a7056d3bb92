package io.hapair.node.runtime;

import io.hapair.node.sync.SettingsService;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers of the API, and how service failures map to HTTP statuses. */
final class Json {

    private static final Logger LOG = LoggerFactory.getLogger(Json.class);

    private Json() {
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        sendRaw(ctx, status, body.encodePrettily());
    }

    static void sendRaw(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    static void errors(RoutingContext ctx, List<FieldError> problems) {
        JsonArray list = new JsonArray();
        problems.forEach(p -> list.add(new JsonObject().put("field", p.field()).put("message", p.message())));
        send(ctx, 400, new JsonObject().put("errors", list));
    }

    static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof SettingsService.NotFound) {
            send(ctx, 404, new JsonObject().put("error", e.getMessage()));
        } else if (e instanceof SettingsService.PreconditionFailed) {
            send(ctx, ctx.request().getHeader("If-Match") == null ? 409 : 412, new JsonObject().put("error", e.getMessage()));
        } else {
            LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), e);
            send(ctx, 500, new JsonObject().put("error", "the settings store failed: " + e.getMessage()));
        }
    }
}
