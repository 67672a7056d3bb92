package io.hapair.node.wui;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.settings.WuiSettings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI on the API's server: static pages under {@code /ui/}, login and logout, and session
 * authentication of the REST API for those pages. A session cookie (Secure, HttpOnly,
 * SameSite=Strict) stands in for HTTP Basic; every state-changing call made with it must carry the
 * session's CSRF token in {@value #CSRF_HEADER}. Calls with HTTP Basic (CLI, scripts) are unchanged.
 */
public final class WuiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WuiRoutes.class);
    static final String COOKIE = "hapair_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    // Sent by the pages on every call: a 401 then means "log in again", never a browser Basic prompt.
    static final String PAGE_HEADER = "X-Hapair-Page";
    // Background polling (top bar) says so, so that an open tab does not keep an idle session alive.
    static final String POLL_HEADER = "X-Hapair-Poll";
    private static final String SESSION_KEY = "wui.session";

    /**
     * What the pages are told about the node they run on.
     *
     * @param partner      the partner's address, null without one
     * @param partnerUiUrl where operators reach the partner's pages; null without a partner
     */
    public record Identity(String nodeName, String partner, String partnerUiUrl) {
    }

    /** A session as the pages read it; {@code user} only in the login's answer. */
    private record SessionView(String csrfToken, long timeoutSeconds, String nodeName, String partner,
                               String partnerUiUrl, @JsonInclude(JsonInclude.Include.NON_NULL) String user) {
    }

    private final Identity identity;
    private final Supplier<Future<Integer>> sessionTimeoutSeconds;
    private final BiPredicate<String, String> passwordCheck;
    private final LongSupplier clock;
    private final FailedLogins failedLogins;
    private final SessionBook sessions = new SessionBook();
    private final StaticHandler pages = StaticHandler.create("wui").setCachingEnabled(false)
            .setDefaultContentEncoding("UTF-8");

    /**
     * @param sessionTimeoutSeconds the idle timeout of a new session, as the {@code wui} settings say now
     * @param failedLogins          shared with HTTP Basic, so that a guesser cannot switch to the other
     */
    public WuiRoutes(Identity identity, Supplier<Future<Integer>> sessionTimeoutSeconds,
                     BiPredicate<String, String> passwordCheck, FailedLogins failedLogins, LongSupplier clock) {
        this.identity = identity;
        this.sessionTimeoutSeconds = sessionTimeoutSeconds;
        this.passwordCheck = passwordCheck;
        this.failedLogins = failedLogins;
        this.clock = clock;
    }

    /**
     * Authenticates {@code /api/*}: a live session (with its CSRF token on writes) passes; a page call
     * without one gets 401 without a Basic challenge; anything else goes to {@code basic}.
     */
    public Handler<RoutingContext> sessionOr(Handler<RoutingContext> basic) {
        return ctx -> {
            Optional<SessionBook.Session> session = session(ctx);
            if (session.isPresent()) {
                if (writes(ctx) && !session.get().csrfMatches(ctx.request().getHeader(CSRF_HEADER))) {
                    LOG.warn("wui: refused {} {} from {}: missing or wrong CSRF token", ctx.request().method(),
                            ctx.request().path(), ctx.request().remoteAddress().hostAddress());
                    JsonAnswer.error(ctx, 403, "refused: this request did not come from a page of this node (missing"
                            + " or wrong CSRF token); reload the page and try again");
                } else {
                    ctx.next();
                }
            } else if (ctx.request().getHeader(PAGE_HEADER) != null) {
                JsonAnswer.error(ctx, 401, "your session has ended; log in again");
            } else {
                basic.handle(ctx);
            }
        };
    }

    /** The node's address alone leads to the pages. */
    public void toPages(RoutingContext ctx) {
        ctx.response().setStatusCode(302).putHeader("Location", "/ui/").end();
    }

    /** The static pages under {@code /ui/}. */
    public void page(RoutingContext ctx) {
        pages.handle(ctx);
    }

    private Optional<SessionBook.Session> session(RoutingContext ctx) {
        Optional<SessionBook.Session> cached = Optional.ofNullable(ctx.get(SESSION_KEY));
        if (cached.isPresent()) {
            return cached;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        Optional<SessionBook.Session> found = sessions.find(cookie == null ? null : cookie.getValue(),
                ctx.request().getHeader(POLL_HEADER) == null, clock.getAsLong());
        found.ifPresent(s -> ctx.put(SESSION_KEY, s));
        return found;
    }

    private static boolean writes(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        return !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS);
    }

    public void login(RoutingContext ctx) {
        String from = ctx.request().remoteAddress().hostAddress();
        long wait = failedLogins.refusedForSeconds(FailedLogins.Method.UI, from);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            JsonAnswer.error(ctx, 429, "too many failed logins from " + from + "; wait " + wait
                    + " seconds and try again");
            return;
        }
        Optional<JsonObject> body = bodyOf(ctx);
        if (body.isEmpty() || !(body.get().getValue("user", "") instanceof String)
                || !(body.get().getValue("password", "") instanceof String)) {
            JsonAnswer.error(ctx, 400, "send a JSON object {\"user\": \"bal\", \"password\": \"...\"} with"
                    + " Content-Type: application/json");
            return;
        }
        String user = body.get().getString("user", "");
        String password = body.get().getString("password", "");
        if (!passwordCheck.test(user, password)) {
            failedLogins.failed(FailedLogins.Method.UI, from, user);
            JsonAnswer.error(ctx, 401, "wrong user or password");
            return;
        }
        failedLogins.succeeded(from);
        // A change of the wui settings applies from the next login.
        sessionTimeoutSeconds.get().onComplete(ar -> {
            int seconds = ar.succeeded() ? ar.result() : WuiSettings.DEFAULT_SESSION_TIMEOUT_SECONDS;
            SessionBook.Session s = sessions.open(seconds * 1000L, clock.getAsLong());
            ctx.response().addCookie(Cookie.cookie(COOKIE, s.id).setPath("/").setSecure(true).setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT));
            LOG.info("wui: {} logged in from {} (idle timeout {} s)", user, from, seconds);
            JsonAnswer.send(ctx, 200, describe(s, user));
        });
    }

    public void logout(RoutingContext ctx) {
        Optional<SessionBook.Session> s = session(ctx);
        if (s.isPresent() && !s.get().csrfMatches(ctx.request().getHeader(CSRF_HEADER))) {
            JsonAnswer.error(ctx, 403, "refused: missing or wrong CSRF token; reload the page and log out again");
            return;
        }
        s.ifPresent(x -> sessions.close(x.id));
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setSecure(true).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    /** Pages read their CSRF token here; cross-origin pages cannot, because browsers hide the answer. */
    public void describeSession(RoutingContext ctx) {
        session(ctx).ifPresentOrElse(s -> JsonAnswer.send(ctx, 200, describe(s, null)),
                () -> JsonAnswer.error(ctx, 401, "not logged in"));
    }

    private SessionView describe(SessionBook.Session s, String user) {
        return new SessionView(s.csrfToken, s.timeoutMillis / 1000, identity.nodeName(), identity.partner(),
                identity.partnerUiUrl(), user);
    }

    /** The login body; empty when it is not a JSON object. */
    private static Optional<JsonObject> bodyOf(RoutingContext ctx) {
        try {
            return Optional.ofNullable(ctx.body().asJsonObject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

}
