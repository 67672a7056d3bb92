package io.hapair.node.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that make browsers treat the UI and API strictly: scripts, styles and calls only from this
 * node (the pages have no inline script or style), no framing (clickjacking), HTTPS only, no content
 * sniffing, no referrer leaking a page's address. Set on every answer, errors included.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'; object-src 'none'";
    // One year, the usual figure; no includeSubDomains: the node is reached by address or by a name it does not own.
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private SecurityHeaders() {
    }

    public static void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
