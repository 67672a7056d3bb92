package io.hapair.node.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * Request bodies on the API's server. None is read before its route has admitted the request
 * (authentication comes first), none past the limit its route sets, none as multipart (no route takes
 * uploads, and Vert.x would write them to files). A request answered before its body was read (a 401,
 * 413, ...) has its connection closed after the answer, rather than left to swallow the upload.
 */
public final class RequestBodies {

    /** Where the failure handler finds the limit that a 413 broke. */
    public static final String LIMIT_KEY = "hapair.bodyLimit";

    private RequestBodies() {
    }

    /** First on the router: holds back a declared body until a body handler of {@link #upTo} takes it. */
    public static void hold(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (declaresBody(request)) {
            request.pause();
            ctx.addHeadersEndHandler(v -> {
                if (!request.isEnded()) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                }
            });
            ctx.addBodyEndHandler(v -> {
                if (!request.isEnded()) {
                    request.connection().close();
                }
            });
        }
        ctx.next();
    }

    /** After authentication: reads the body up to {@code limit} bytes (413 past it); refuses multipart (415). */
    public static Handler<RoutingContext> upTo(long limit) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
        return ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                JsonError.send(ctx, 415, "multipart bodies are not accepted: no API call takes file uploads;"
                        + " send JSON with Content-Type: application/json");
                return;
            }
            // The first handler to see the request, the most specific, is the one whose limit applies.
            if (ctx.get(LIMIT_KEY) == null) {
                ctx.put(LIMIT_KEY, limit);
            }
            body.handle(ctx);
        };
    }

    private static boolean declaresBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (length != null && !"0".equals(length.trim()));
    }
}
