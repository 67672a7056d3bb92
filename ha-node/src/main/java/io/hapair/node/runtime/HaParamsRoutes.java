package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET/PUT /api/v1/ha/params}: the Cloud HA Parameters. Reading and saving them is file I/O
 * with fsync, so it runs on a worker thread, never on the event loop; saves run one at a time, in order.
 */
final class HaParamsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(HaParamsRoutes.class);

    /** The parameters as the API shows them (blocking). */
    interface Reader {
        JsonObject read() throws IOException;
    }

    /** Validates and saves; the field errors, empty when saved (blocking). */
    interface Writer {
        List<FieldError> save(JsonObject body) throws IOException;
    }

    private record Answer(int status, JsonObject body, List<FieldError> errors) {
    }

    private final Vertx vertx;
    private final Reader reader;
    private final Writer writer;

    HaParamsRoutes(Vertx vertx, Reader reader, Writer writer) {
        this.vertx = vertx;
        this.reader = reader;
        this.writer = writer;
    }

    void get(RoutingContext ctx) {
        vertx.executeBlocking(reader::read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonAnswer.send(ctx, 200, ar.result());
            } else {
                ioFailed(ctx, ar.cause());
            }
        });
    }

    void put(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "body is not a JSON object: " + e.getMessage())));
            return;
        }
        if (body == null) {
            JsonAnswer.fieldErrors(ctx, List.of(new FieldError("body", "send a JSON object of HA parameters")));
            return;
        }
        // Ordered: two saves at once would each merge into the same old file and one would be lost.
        vertx.executeBlocking(() -> {
            List<FieldError> problems = writer.save(body);
            return problems.isEmpty() ? new Answer(200, reader.read().put("restartRequired", true), List.of())
                    : new Answer(400, null, problems);
        }, true).onComplete(ar -> {
            if (ar.failed()) {
                ioFailed(ctx, ar.cause());
            } else if (ar.result().status() == 200) {
                LOG.info("api: HA parameters saved by {}: {}", ApiServer.USER, body.fieldNames());
                JsonAnswer.send(ctx, 200, ar.result().body());
            } else {
                JsonAnswer.fieldErrors(ctx, ar.result().errors());
            }
        });
    }

    private static void ioFailed(RoutingContext ctx, Throwable e) {
        LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), e);
        JsonAnswer.error(ctx, 500, "cannot read or write the data directory: " + e.getMessage());
    }
}
