package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET/PUT /api/v1/maintenance}: this node's maintenance mode. */
final class MaintenanceRoutes {

    private static final String EXPECTED = "a JSON object such as {\"enabled\": true} or {\"enabled\": true,"
            + " \"force\": true}";

    /** Enters ({@code on}) or leaves maintenance as {@link Maintenance#request} does. */
    interface Request {
        Future<String> apply(boolean on, boolean force, String by);
    }

    private final Supplier<JsonObject> status;
    private final Request request;

    /**
     * @param status  the maintenance state as {@link Maintenance#status} says it
     * @param request enters or leaves; fails with the refusal, or {@link Maintenance.NotSaved}
     */
    MaintenanceRoutes(Supplier<JsonObject> status, Request request) {
        this.status = status;
        this.request = request;
    }

    void get(RoutingContext ctx) {
        JsonAnswer.send(ctx, 200, status.get());
    }

    void put(RoutingContext ctx) {
        JsonBody.object(ctx, EXPECTED).ifPresent(body -> {
            List<FieldError> errors = new ArrayList<>();
            if (!(body.getValue("enabled") instanceof Boolean)) {
                errors.add(new FieldError("enabled", "must be true (enter maintenance) or false (leave it)"));
            }
            Object force = body.getValue("force");
            if (force != null && !(force instanceof Boolean)) {
                errors.add(new FieldError("force", "must be true (enter even when no partner would take over) or"
                        + " false"));
            }
            body.fieldNames().stream().filter(f -> !f.equals("enabled") && !f.equals("force"))
                    .forEach(f -> errors.add(new FieldError(f, "is not a field of a maintenance request; send "
                            + EXPECTED)));
            if (!errors.isEmpty()) {
                JsonAnswer.fieldErrors(ctx, errors);
                return;
            }
            String by = ApiServer.USER + "@" + ctx.request().remoteAddress().hostAddress();
            request.apply(body.getBoolean("enabled"), Boolean.TRUE.equals(force), by).onComplete(ar -> {
                if (ar.succeeded()) {
                    JsonAnswer.send(ctx, 200, status.get().put("detail", ar.result()));
                } else if (ar.cause() instanceof Maintenance.NotSaved notSaved) {
                    JsonAnswer.error(ctx, 500, notSaved.getMessage());
                } else {
                    JsonAnswer.error(ctx, 409, ar.cause().getMessage());
                }
            });
        });
    }
}
