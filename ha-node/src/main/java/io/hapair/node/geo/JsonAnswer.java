package io.hapair.node.geo;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How the GEO endpoints answer: a status and a JSON body. */
final class JsonAnswer {

    private JsonAnswer() {
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
