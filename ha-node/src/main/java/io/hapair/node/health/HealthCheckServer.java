package io.hapair.node.health;

import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The HA check port (8444): {@code GET /} and {@code HEAD /} answer 200 "Master is active" (or "Slave
 * is active") on the active node and 503 on the standby, nothing more. It runs as its own verticle
 * on its own event loop and only reads a volatile activity, so it answers within milliseconds
 * whatever else the node is doing. Every probe is reported to {@link ProbeSink}.
 */
public final class HealthCheckServer extends AbstractVerticle {

    /** Receives every probe; must not block. */
    public interface ProbeSink {
        void probed(String source, boolean answeredActive);
    }

    private final String host;
    private final int port;
    private final String activeBody;
    private final Supplier<Activity> activity;
    private final ProbeSink sink;
    private HttpServer server;

    public HealthCheckServer(String host, int port, HaMode mode, Supplier<Activity> activity, ProbeSink sink) {
        this.host = host;
        this.port = port;
        this.activeBody = bodyFor(mode);
        this.activity = activity;
        this.sink = sink;
    }

    static String bodyFor(HaMode mode) {
        switch (mode) {
            case MASTER:
                return "Master is active";
            case SLAVE:
                return "Slave is active";
            default:
                return "Node is active";
        }
    }

    @Override
    public void start(Promise<Void> started) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setIdleTimeout(30));
        server.requestHandler(this::handle).listen()
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for health checks on " + host + ":"
                        + port + ": " + e.getMessage() + "; check primary-address and health-check-port", e)))
                .onComplete(started);
    }

    private void handle(HttpServerRequest request) {
        boolean probe = "/".equals(request.path())
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
        if (!probe) {
            request.response().setStatusCode("/".equals(request.path()) ? 405 : 404).end();
            return;
        }
        boolean active = activity.get() == Activity.ACTIVE;
        if (active) {
            request.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(activeBody);
        } else {
            request.response().setStatusCode(503).putHeader("Cache-Control", "no-store").end();
        }
        sink.probed(request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(), active);
    }

    @Override
    public void stop(Promise<Void> stopped) {
        (server == null ? Future.<Void>succeededFuture() : server.close()).onComplete(stopped);
    }
}
