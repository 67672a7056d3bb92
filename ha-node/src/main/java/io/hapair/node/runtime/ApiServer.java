package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.wui.WuiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST API on 8443 (HTTPS, HTTP Basic as user {@code bal}) and Prometheus metrics. */
final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String USER = "bal";
    // Parameters documents are small; a larger body is a mistake or an attack.
    private static final long MAX_BODY_BYTES = 64 * 1024;
    // An import is a whole export: 10,000 virtual services are about 3 MB; 16 MiB is also the peer link's frame limit.
    private static final long MAX_IMPORT_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final NodeConfig config;
    private final NodeCertificate certificate;
    private final NodeControl control;
    private HttpServer server;

    ApiServer(Vertx vertx, NodeConfig config, NodeCertificate certificate, NodeControl control) {
        this.vertx = vertx;
        this.config = config;
        this.certificate = certificate;
        this.control = control;
    }

    Future<Void> start() {
        Router router = Router.router(vertx);
        // Registered first: the one body handler that sees a request wins.
        router.post("/api/v1/settings/import").handler(BodyHandler.create().setBodyLimit(MAX_IMPORT_BYTES));
        router.post("/api/v1/geo/sync/*").handler(BodyHandler.create().setBodyLimit(MAX_IMPORT_BYTES));
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        WuiRoutes wui = new WuiRoutes(vertx, config, control.settings(), this::passwordMatches, System::currentTimeMillis);
        router.route("/api/*").handler(wui.sessionOr(BasicAuthHandler.create(this::authenticate, "ha-pair")));
        router.route("/metrics").handler(BasicAuthHandler.create(this::authenticate, "ha-pair"));
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
                .setPort(config.apiPort()).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(certificate.certPath().toString()).setKeyPath(certificate.keyPath().toString())));
        return server.requestHandler(router).listen().<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for the API on " + config.primaryAddress()
                        + ":" + config.apiPort() + ": " + e.getMessage() + "; check primary-address and api-port", e)));
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private Future<User> authenticate(io.vertx.ext.auth.authentication.Credentials credentials) {
        if (credentials instanceof UsernamePasswordCredentials up && passwordMatches(up.getUsername(), up.getPassword())) {
            return Future.succeededFuture(User.fromName(USER));
        }
        return Future.failedFuture("wrong user or password");
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

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 500) {
            LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
            Json.send(ctx, status, new JsonObject().put("error", status == 401 ? "authentication required (user bal)"
                    : status == 413 ? "request body too large" : "request failed"));
        }
    }

}
