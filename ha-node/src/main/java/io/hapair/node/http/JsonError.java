package io.hapair.node.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The API's error answer, {@code {"error": "..."}}, for the refusals made in this package. */
final class JsonError {

    private JsonError() {
    }

    static void send(RoutingContext ctx, int status, String error) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(new JsonObject().put("error", error).encode());
    }
}
