package io.hapair.node.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * HTTP Basic authentication of the API, answered from the headers alone so that no refusal waits for a
 * body: 400 for an Authorization header that is not Basic credentials, 429 with Retry-After while the
 * source address is throttled by {@link FailedLogins} (even with the right password), 401 with a
 * challenge for missing or wrong credentials. Vert.x's BasicAuthHandler is not used because it can
 * neither throttle by address nor tell a malformed header apart in its answer.
 */
public final class BasicAuthentication implements Handler<RoutingContext> {

    private static final String SCHEME = "Basic";

    private final String realm;
    private final String user;
    private final BiPredicate<String, String> passwordCheck;
    private final FailedLogins logins;

    /**
     * @param user the one user name, named in the answers
     * @param passwordCheck true for the right user and password
     */
    public BasicAuthentication(String realm, String user, BiPredicate<String, String> passwordCheck,
                               FailedLogins logins) {
        this.realm = realm;
        this.user = user;
        this.passwordCheck = passwordCheck;
        this.logins = logins;
    }

    /** User and password of a Basic Authorization header. */
    record Credentials(String user, String password) {

        /** Decodes what follows "Basic "; throws IllegalArgumentException saying what is wrong with it. */
        static Credentials decode(String encoded) {
            if (encoded.isEmpty()) {
                throw new IllegalArgumentException("no credentials after 'Basic'");
            }
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("the decoded credentials have no ':' between user and password");
            }
            return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = Objects.requireNonNullElse(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), "").trim();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase(SCHEME)) {
            challenge(ctx, "authentication required (HTTP Basic, user " + user + ")");
            return;
        }
        Credentials credentials;
        try {
            credentials = Credentials.decode(header.substring(scheme.length()).trim());
        } catch (IllegalArgumentException e) {
            JsonAnswer.error(ctx, 400, "the Authorization header is not HTTP Basic credentials (" + e.getMessage()
                    + "); send 'Basic ' and then base64 of " + user + ":password");
            return;
        }
        String from = ctx.request().remoteAddress().hostAddress();
        long waitSeconds = logins.refusedForSeconds(FailedLogins.Method.BASIC, from);
        if (waitSeconds > 0) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
            JsonAnswer.error(ctx, 429, "too many failed logins from " + from + "; wait " + waitSeconds
                    + " seconds and try again");
            return;
        }
        if (passwordCheck.test(credentials.user(), credentials.password())) {
            // Not logins.succeeded: Basic is sent on every call, and a script's success would forgive
            // a guesser behind the same address.
            ctx.next();
            return;
        }
        logins.failed(FailedLogins.Method.BASIC, from, credentials.user());
        challenge(ctx, "wrong user or password");
    }

    private void challenge(RoutingContext ctx, String error) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        JsonAnswer.error(ctx, 401, error);
    }
}
