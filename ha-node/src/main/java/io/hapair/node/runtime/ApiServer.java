package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.geo.GeoNode;
import io.hapair.node.http.BasicAuthentication;
import io.hapair.node.http.ConnectionLimit;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.http.PathEscapes;
import io.hapair.node.http.RequestBodies;
import io.hapair.node.http.SecurityHeaders;
import io.hapair.node.pairing.PartnerTrust;
import io.hapair.node.settings.AdminCertificate;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.WuiSettings;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncService;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.tls.ServerTlsEngine;
import io.hapair.node.wui.WuiRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API on 8443 (HTTPS, HTTP Basic as user {@code bal}) and Prometheus metrics. Hostile traffic is
 * bounded before it costs anything: connections by a {@link ConnectionLimit} and an idle timeout,
 * requests authenticated from their headers before a byte of body is read, bodies bounded by route
 * ({@link RequestBodies}), failed logins throttled by address ({@link FailedLogins}). The calls
 * themselves are {@link ApiRoutes}'.
 *
 * <p>The server runs in a deployment of its own, so on an event loop other than the node's: TLS handshakes,
 * parsing, authentication and reading bodies, whoever sends them, cost the role loop nothing, and a flood
 * of them cannot keep it from running (its health check would answer 503, and the partner take over). Only
 * admitted calls of {@code /api/*} and {@code /metrics}, which read and change the role machine, settings
 * and sync, go on to the node's event loop, as every part they call expects. The web UI's pages, login and
 * session stay on the server's own loop: they touch nothing of the node but thread-safe parts.
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
    // More than Vert.x's default number of event loops (twice the cores) on small machines.
    private static final int LOOP_ATTEMPTS = 8;
    private static final Exception SAME_LOOP = new IllegalStateException("deployed on the node's event loop");

    private final Vertx vertx;
    private final Context node;
    private final NodeConfig config;
    private final NodeCertificate certificate;
    private final NodeControl control;
    private final SettingsService settings;
    private final SyncService sync;
    private final GeoNode.Endpoints geo;
    private final DataPlaneRoutes dataPlane;
    private final SettingsRoutes.EditCheck editCheck;
    private final HostRoutes host;
    /** Null when HA is off. */
    private final PartnerTrust pairing;
    private final FailedLogins failedLogins;
    private final WuiRoutes wui;
    private final CaptureRoutes capture;

    /**
     * @param node the node's context: the calls run on its event loop
     * @param sync null when HA is off
     */
    ApiServer(Vertx vertx, Context node, NodeConfig config, NodeCertificate certificate, NodeControl control,
              SettingsService settings, SyncService sync, GeoNode.Endpoints geo, DataPlaneRoutes dataPlane,
              SettingsRoutes.EditCheck editCheck, HostRoutes host, FailedLogins.Counts loginCounts,
              CaptureRoutes capture, PartnerTrust pairing) {
        this.vertx = vertx;
        this.node = node;
        this.config = config;
        this.certificate = certificate;
        this.control = control;
        this.settings = settings;
        this.sync = sync;
        this.geo = geo;
        this.dataPlane = dataPlane;
        this.editCheck = editCheck;
        this.host = host;
        this.capture = capture;
        this.pairing = pairing;
        this.failedLogins = new FailedLogins(System::currentTimeMillis, loginCounts);
        this.wui = new WuiRoutes(new WuiRoutes.Identity(config.nodeName(), config.partner(), config.partnerUiUrl()),
                this::sessionTimeoutSeconds, this::passwordMatches, failedLogins, System::currentTimeMillis);
    }

    /**
     * Listens in a deployment of its own, which gives the server an event loop of its own; deployed from
     * the node's verticle, it is undeployed (and the server closed) with it.
     */
    Future<Void> start() {
        Thread nodeLoop = Thread.currentThread();
        return vertx.executeBlocking(ApiServer::openApiDocument, false)
                .compose(document -> deployAwayFrom(nodeLoop, document, LOOP_ATTEMPTS));
    }

    /**
     * Vert.x hands out event loops in turn, and other deployments may have taken their turns since the node's:
     * a deployment that got the node's loop gives it back and asks again. The last attempt listens wherever
     * it lands (a Vert.x with a single event loop has no other).
     */
    private Future<Void> deployAwayFrom(Thread nodeLoop, Buffer openApiDocument, int attempts) {
        return vertx.deployVerticle(own -> attempts > 1 && Thread.currentThread() == nodeLoop
                        ? Future.failedFuture(SAME_LOOP) : listen(openApiDocument)).<Void>mapEmpty()
                .recover(e -> e == SAME_LOOP ? deployAwayFrom(nodeLoop, openApiDocument, attempts - 1)
                        : Future.failedFuture(e));
    }

    /** On the server's own context. */
    private Future<Void> listen(Buffer openApiDocument) {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost(config.primaryAddress())
                .setPort(config.apiPort()).setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath().toString())
                        .setKeyPath(certificate.keyPath().toString())).setSslEngineOptions(new ServerTlsEngine());
        HttpServer server = vertx.createHttpServer(options);
        return new ConnectionLimit("API", MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS).applyTo(server)
                .requestHandler(router(openApiDocument)).listen()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for the API on "
                        + config.primaryAddress() + ":" + config.apiPort() + ": " + e.getMessage()
                        + "; check primary-address and api-port", e)))
                .compose(listening -> presentAdminCertificate(listening, options.getSslOptions()));
    }

    /**
     * The administration certificate (setting {@code admin-certificate}) instead of the node's own, when one is
     * stored: from the start and after each change, for the connections that come after it (open ones keep theirs).
     * The peer link keeps the node's own certificate, which the partner pins.
     */
    private Future<Void> presentAdminCertificate(HttpServer server, ServerSSLOptions nodeOwn) {
        settings.onChange(types -> {
            if (types.contains(SettingsType.ADMIN_CERTIFICATE.apiPath())) {
                present(server, nodeOwn);
            }
        });
        return present(server, nodeOwn);
    }

    private Future<Void> present(HttpServer server, ServerSSLOptions nodeOwn) {
        return settings.documents(SettingsType.ADMIN_CERTIFICATE).compose(stored -> {
            Optional<AdminCertificate> admin = stored.stream()
                    .filter(c -> c.certificateChain() != null && c.privateKey() != null).findFirst();
            ServerSSLOptions wanted = admin.map(c -> nodeOwn.copy().setKeyCertOptions(new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(c.certificateChain())).setKeyValue(Buffer.buffer(c.privateKey()))))
                    .orElse(nodeOwn);
            return server.updateSSLOptions(wanted).onSuccess(changed -> {
                if (changed) {
                    LOG.info("api: new connections get {}", admin.isPresent() ? "the administration certificate"
                            + " (admin-certificate)" : "the node's own certificate (" + certificate.certPath() + ")");
                }
            });
        }).<Void>mapEmpty().recover(e -> {
            // The rules checked the pair when it was stored; a store that cannot be read keeps what is presented.
            LOG.warn("api: cannot present the administration certificate: {}; connections keep the certificate"
                    + " they had", e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** The filters every request passes, in this order, then the calls of {@link ApiRoutes}. */
    Router router(Buffer openApiDocument) {
        Router router = Router.router(vertx);
        router.route().handler(SecurityHeaders::add);
        router.route().handler(PathEscapes::check);
        router.route().handler(RequestBodies::hold);
        BasicAuthentication basic = new BasicAuthentication(REALM, USER, this::passwordMatches, failedLogins);
        router.route("/api/*").handler(wui.sessionOr(basic));
        router.route("/metrics").handler(basic);
        // After authentication, so that no body of an unauthenticated request is read; the first that matches applies.
        router.post("/api/v1/settings/import").handler(RequestBodies.upTo(MAX_IMPORT_BYTES));
        router.post("/api/v1/geo/sync/*").handler(RequestBodies.upTo(MAX_IMPORT_BYTES));
        router.route().handler(RequestBodies.upTo(MAX_BODY_BYTES));
        // Admitted, with its body read: from here on the node's event loop, where the node's state lives.
        router.route("/api/*").handler(this::onNodeLoop);
        router.route("/metrics").handler(this::onNodeLoop);
        router.route().handler(ctx -> {
            if (control.ready().getAsBoolean()) {
                ctx.next();
            } else {
                JsonAnswer.error(ctx, 503, "node is starting; try again in a second");
            }
        });
        routes(openApiDocument).mount(router);
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> JsonAnswer.error(ctx, 404, noCall(ctx)));
        router.errorHandler(405, ctx -> wrongMethod(router, ctx));
        return router;
    }

    private void onNodeLoop(RoutingContext ctx) {
        node.runOnContext(v -> ctx.next());
    }

    private ApiRoutes routes(Buffer openApiDocument) {
        SettingsCatalog catalog = new SettingsCatalog();
        StandbyRefusal standby = new StandbyRefusal(control.refusesSyncedWrites(), config.partner());
        HaParams params = new HaParams(config);
        return new ApiRoutes(wui, new HaRoutes(control.status(), control.switchover()),
                new HaParamsRoutes(vertx, params::read, params::save),
                new Diagnostics(vertx, config.partner(), config.partnerPeerPort()),
                new Restart(NodeProcess::exitForRestart), geo,
                new SettingsRoutes(settings, catalog, standby, editCheck, host.network()), dataPlane,
                new SettingsTransferRoutes(settings, catalog, standby, config.nodeName()),
                new SyncRoutes(settings, sync, catalog, standby), host, capture, catalog, openApiDocument,
                control.metrics(), new MaintenanceRoutes(control.maintenance(), control.maintenanceRequest()),
                new PairingRoutes(vertx, pairing));
    }

    private static Buffer openApiDocument() throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(ApiRoutes.OPENAPI_DOCUMENT)) {
            if (in == null) {
                throw new IOException(ApiRoutes.OPENAPI_DOCUMENT + " is missing from the node's jar; rebuild it");
            }
            return Buffer.buffer(in.readAllBytes());
        }
    }

    private boolean passwordMatches(String user, String password) {
        return USER.equals(user) && password != null && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                config.adminPassword().getBytes(StandardCharsets.UTF_8));
    }

    /** The idle timeout of a new UI session, from the shared {@code wui} settings. */
    private Future<Integer> sessionTimeoutSeconds() {
        return settings.list(List.of(SettingsType.WUI.apiPath())).map(docs -> docs.stream().findFirst()
                .map(d -> new JsonObject(d.body()).getInteger("sessionTimeoutSeconds"))
                .orElse(WuiSettings.DEFAULT_SESSION_TIMEOUT_SECONDS));
    }

    private static String noCall(RoutingContext ctx) {
        return ctx.request().method() + " " + ctx.request().path() + ": no such page or API call; GET"
                + " /api/v1/openapi.yaml describes every call, GET /api/v1/settings lists the settings types";
    }

    /** A known path asked with a method it does not take: says which it takes (also in {@code Allow}). */
    private static void wrongMethod(Router router, RoutingContext ctx) {
        String path = ctx.request().path();
        List<HttpMethod> allowed = ApiRoutes.calls(router).stream().filter(c -> c.takes(path))
                .map(ApiRoutes.Call::method).toList();
        if (allowed.isEmpty()) {
            // Only a filter's route (a body limit) knew the path: there is no such call at all.
            JsonAnswer.error(ctx, 404, noCall(ctx));
            return;
        }
        String methods = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        ctx.response().putHeader("Allow", methods);
        JsonAnswer.error(ctx, 405, ctx.request().method() + " " + path + " is not a call of this API; " + path
                + " takes " + methods + " (GET /api/v1/openapi.yaml describes every call)");
    }

    /** Answers what a handler failed with; only the node's own faults are 5xx and logged with their trace. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("api: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
            JsonAnswer.error(ctx, status, FailureText.of(ctx, status));
        }
    }
}
