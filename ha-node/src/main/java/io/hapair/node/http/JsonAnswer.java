package io.hapair.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.jackson.VertxModule;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Every JSON answer of the API on 8443, from every route and refusal: one serialisation (response records,
 * and the JsonObjects of the builders that predate them) and one set of headers. No answer is cached: each
 * says what the node holds now, and some hold settings.
 */
public final class JsonAnswer {

    /** The answer of every refusal: {@code {"error": "what went wrong and what to do"}}. */
    private record ErrorMessage(String error) {
    }

    /** A 400 naming each wrong field: {@code {"errors": [{"field", "message"}]}}. */
    private record FieldErrors(List<FieldError> errors) {
    }

    // VertxModule writes JsonObject and JsonArray as their JSON, not as beans.
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new VertxModule());

    private JsonAnswer() {
    }

    public static void send(RoutingContext ctx, int status, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        sendRaw(ctx, status, json);
    }

    /** Text that is JSON already: a stored document, sent as stored. */
    public static void sendRaw(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(json);
    }

    public static void error(RoutingContext ctx, int status, String error) {
        send(ctx, status, new ErrorMessage(error));
    }

    public static void fieldErrors(RoutingContext ctx, List<FieldError> errors) {
        send(ctx, 400, new FieldErrors(errors));
    }
}
