package io.hapair.node.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * Request bodies on the API's server. None is read before its route has admitted the request
 * (authentication comes first), none past the limit its route sets, none as multipart (no route takes
 * uploads, and Vert.x would write them to files). A request answered before its body was read (a 401,
 * 413, ...) has its connection closed after the answer, once a bounded lingering drain lets a client that
 * writes its whole body before reading (most simple clients) still read the answer.
 */
public final class RequestBodies {

    /** Where the failure handler finds the limit that a 413 broke. */
    public static final String LIMIT_KEY = "hapair.bodyLimit";
    // 1 MiB and 2 s, as web servers' lingering close: enough for a small upload to finish and its sender to
    // read the answer, too little for an unauthenticated client to make the node spend anything real. Bodies
    // declared larger are not swallowed at all.
    private static final long LINGER_BYTES = 1024 * 1024;
    private static final long LINGER_MILLIS = 2_000;

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
                if (request.isEnded()) {
                    return;
                }
                // Only a small declared body is worth swallowing; a large one (an upload flood) costs the node
                // nothing but a close. A chunked body may be malformed, and Vert.x then stops reading it.
                if (declaredLength(request) <= LINGER_BYTES) {
                    linger(ctx.vertx(), request);
                } else {
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
                JsonAnswer.error(ctx, 415, "multipart bodies are not accepted: no API call takes file uploads;"
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

    /** Swallows (never buffers) what is left of an unread body for a while, then closes the connection. */
    private static void linger(Vertx vertx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        long timer = vertx.setTimer(LINGER_MILLIS, t -> connection.close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            connection.close();
        };
        long[] swallowed = {0};
        request.handler(buffer -> {
            swallowed[0] += buffer.length();
            if (swallowed[0] > LINGER_BYTES) {
                close.run();
            }
        });
        request.endHandler(end -> close.run());
        request.exceptionHandler(e -> close.run());
        request.resume();
    }

    /** The Content-Length; more than any limit when the body is chunked or its length unreadable. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean declaresBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (length != null && !"0".equals(length.trim()));
    }
}
