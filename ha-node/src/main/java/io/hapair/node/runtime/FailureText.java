package io.hapair.node.runtime;

import io.hapair.node.http.RequestBodies;
import io.vertx.ext.web.RoutingContext;

/** The error text of an API answer that a handler failed with, by status: what went wrong and what to do. */
final class FailureText {

    private FailureText() {
    }

    static String of(RoutingContext ctx, int status) {
        String request = ctx.request().method() + " " + ctx.request().path();
        Throwable failure = ctx.failure();
        return switch (status) {
            case 400 -> "bad request " + request + (failure == null || failure.getMessage() == null ? ""
                    : ": " + failure.getMessage()) + "; check the request's syntax";
            case 401 -> "authentication required (user " + ApiServer.USER + ")";
            case 413 -> "request body too large for " + request + ": at most " + ctx.get(RequestBodies.LIMIT_KEY)
                    + " bytes; split the request or send less";
            case 417 -> "unsupported Expect header: only 100-continue is supported";
            default -> status >= 500 ? "the node failed to answer " + request + "; its log has the details"
                    : "request " + request + " refused (HTTP " + status + ")";
        };
    }
}
