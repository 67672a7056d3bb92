package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** A request body that must be a JSON object. */
final class JsonBody {

    private JsonBody() {
    }

    /**
     * The request body as a JSON object, or empty after answering 400 naming what to send: a client's
     * malformed body is its mistake, never a 500.
     */
    static Optional<JsonObject> object(RoutingContext ctx, String expected) {
        String text = ctx.body().asString();
        Object parsed;
        try {
            parsed = text == null || text.isBlank() ? null : Json.decodeValue(text);
        } catch (RuntimeException e) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "not valid JSON (" + e.getMessage()
                    + "); send " + expected)));
            return Optional.empty();
        }
        if (!(parsed instanceof JsonObject object)) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "send " + expected)));
            return Optional.empty();
        }
        return Optional.of(object);
    }
}
