package io.hapair.node.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hapair.node.http.JsonAnswer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.Supplier;

/** The pair as operators drive it: {@code GET /api/v1/ha/status} and {@code POST /api/v1/ha/switchover}. */
final class HaRoutes {

    /** A switchover accepted with what happens ({@code detail}), or refused with why ({@code error}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Switchover(boolean accepted, String detail, String error) {
    }

    private final Supplier<JsonObject> status;
    private final Function<String, Future<String>> switchover;

    /**
     * @param status     the status as {@link StatusJson} writes it
     * @param switchover asks for a switchover on behalf of its argument; completes with what happens
     */
    HaRoutes(Supplier<JsonObject> status, Function<String, Future<String>> switchover) {
        this.status = status;
        this.switchover = switchover;
    }

    void status(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, status.get());
    }

    void switchover(RoutingContext ctx) {
        String by = ApiServer.USER + "@" + ctx.request().remoteAddress().hostAddress();
        switchover.apply(by).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonAnswer.send(ctx, 202, new Switchover(true, ar.result(), null));
            } else {
                JsonAnswer.send(ctx, 409, new Switchover(false, null, ar.cause().getMessage()));
            }
        });
    }
}
