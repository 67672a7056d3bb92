package io.hapair.node.http;

import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a path with a broken percent-escape ({@code /api/v1/x/%ZZ}) with a 400 before the router
 * matches routes on it: Vert.x Web would otherwise fail inside its matching and log the client's
 * mistake as an ERROR with a stack trace.
 */
public final class PathEscapes {

    private PathEscapes() {
    }

    public static void check(RoutingContext ctx) {
        try {
            URLDecoder.decode(ctx.request().path(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            JsonAnswer.error(ctx, 400, "the path has a broken percent-escape (" + e.getMessage()
                    + "); escape '%' as %25");
            return;
        }
        ctx.next();
    }
}
