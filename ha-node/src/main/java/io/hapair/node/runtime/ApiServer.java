package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.http.BasicAuthentication;
import io.hapair.node.http.ConnectionLimit;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.http.PathEscapes;
import io.hapair.node.http.RequestBodies;
import io.hapair.node.http.SecurityHeaders;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.wui.WuiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API on 8443 (HTTPS, HTTP Basic as user {@code bal}) and Prometheus metrics. Hostile traffic is
 * bounded before it costs anything: connections by a {@link ConnectionLimit} and an idle timeout,
 * requests authenticated from their headers before a byte of body is read, bodies bounded by route
 * ({@link RequestBodies}), failed logins throttled by address ({@link FailedLogins}).
 */
final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String USER = "bal";
    private static final String REALM = "ha-pair";
    // Parameters documents are small; a larger body is a mistake or an attack.
    private static final long MAX_BODY_BYTES = 64 * 1024;
    // An import is a whole export: 10,000 virtual services are about 3 MB; 16 MiB is also the peer link's frame limit.
    private static final long MAX_IMPORT_BYTES = 16 * 1024 * 1024;
    // A browser opens up to 6 connections, the CLI and GEO partners a few; 512 leaves room for many operators
    // while bounding memory (each may hold TLS buffers and 64 KiB of unread answers; only authenticated ones a body).
    private static final int MAX_CONNECTIONS = 512;
    // 64 from one address: several operators behind one NAT address, but not one client holding the port.
    private static final int MAX_CONNECTIONS_PER_ADDRESS = 64;
    // Seconds an idle connection is kept: browsers reuse theirs within a minute; idle ones would hold places.
    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final NodeConfig config;
    private final NodeCertificate certificate;
    private final NodeControl control;
    private final FailedLogins failedLogins;
    private HttpServer server;

    ApiServer(Vertx vertx, NodeConfig config, NodeCertificate certificate, NodeControl control,
              FailedLogins.Counts loginCounts) {
        this.vertx = vertx;
        this.config = config;
        this.certificate = certificate;
        this.control = control;
        this.failedLogins = new FailedLogins(System::currentTimeMillis, loginCounts);
    }

    Future<Void> start() {
        Router router = Router.router(vertx);
        router.route().handler(SecurityHeaders::add);
        router.route().handler(PathEscapes::check);
        router.route().handler(RequestBodies::hold);
        WuiRoutes wui = new WuiRoutes(vertx, config, control.settings(), this::passwordMatches, failedLogins,
                System::currentTimeMillis, NodeProcess::exitForRestart);
        BasicAuthentication basic = new BasicAuthentication(REALM, USER, this::passwordMatches, failedLogins);
        router.route("/api/*").handler(wui.sessionOr(basic));
        router.route("/metrics").handler(basic);
        // After authentication, so that no body of an unauthenticated request is read; the first that matches applies.
        router.post("/api/v1/settings/import").handler(RequestBodies.upTo(MAX_IMPORT_BYTES));
        router.post("/api/v1/geo/sync/*").handler(RequestBodies.upTo(MAX_IMPORT_BYTES));
        router.route().handler(RequestBodies.upTo(MAX_BODY_BYTES));
        router.route().handler(ctx -> {
            if (control.ready()) {
                ctx.next();
            } else {
                Json.send(ctx, 503, new JsonObject().put("error", "node is starting; try again in a second"));
            }
        });
        router.get("/api/v1/ha/status").handler(ctx -> Json.send(ctx, 200, control.status()));
        router.post("/api/v1/ha/switchover").handler(this::switchover);
        new HaParamsRoutes(vertx, control::params, control::saveParams).mount(router);
        wui.mount(router);
        control.geo().mount(router); // before the settings routes, whose /api/v1/:type/:id would take it
        new SettingsRoutes(control.settings(), control.sync(), new SettingsCatalog(), control::refusesSyncedWrites,
                config.partner(), config.nodeName()).mount(router);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                .end(control.metrics()));
        router.route().failureHandler(this::failure);
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost(config.primaryAddress())
                .setPort(config.apiPort()).setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath().toString())
                        .setKeyPath(certificate.keyPath().toString())));
        return new ConnectionLimit("API", MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS).applyTo(server)
                .requestHandler(router).listen().<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for the API on " + config.primaryAddress()
                        + ":" + config.apiPort() + ": " + e.getMessage() + "; check primary-address and api-port", e)));
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private boolean passwordMatches(String user, String password) {
        return USER.equals(user) && password != null && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                config.adminPassword().getBytes(StandardCharsets.UTF_8));
    }

    private void switchover(RoutingContext ctx) {
        String by = USER + "@" + ctx.request().remoteAddress().hostAddress();
        control.switchover(by).onComplete(ar -> {
            if (ar.succeeded()) {
                Json.send(ctx, 202, new JsonObject().put("accepted", true).put("detail", ar.result()));
            } else {
                Json.send(ctx, 409, new JsonObject().put("accepted", false).put("error", ar.cause().getMessage()));
            }
        });
    }

    /** Answers what a handler failed with; only the node's own faults are 5xx and logged with their trace. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
            Json.send(ctx, status, new JsonObject().put("error", FailureText.of(ctx, status)));
        }
    }

}
