package io.hapair.node.health;

import io.hapair.node.http.ConnectionLimit;
import io.hapair.node.role.HaMode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * The HA check port (8444): {@code GET /} and {@code HEAD /} answer 200 "Master is active" (or "Slave
 * is active") on the active node and 503 on the standby, nothing more. It runs as its own verticle
 * on its own event loop and only reads a {@link ServingGate}, so it answers within milliseconds
 * whatever else the node is doing, and answers 503 when the role loop has stopped running. Every
 * request is reported to {@link ProbeSink}, which decides whether it came from the balancer.
 *
 * <p>Hostile clients cannot exhaust it: connections are limited ({@link ConnectionLimit}); it speaks only
 * HTTP/1.1, where Vert.x stops reading a connection while an answer waits to be written, so a client that
 * pipelines probes without reading the answers stalls after a few KiB instead of filling the heap; and a
 * stalled or silent connection is closed after {@link #IDLE_TIMEOUT_SECONDS}.
 */
public final class HealthCheckServer extends AbstractVerticle {

    // The balancer probes from a few addresses with a connection or two each; 256 leaves ample room while
    // bounding what clients can hold (each at most the socket buffer and Netty's 64 KiB of unread answers).
    private static final int MAX_CONNECTIONS = 256;
    // One or two per prober; 32 keeps a single hostile address from taking every connection.
    static final int MAX_CONNECTIONS_PER_ADDRESS = 32;
    // Probes and answers are under 200 bytes: small socket buffers stall a client that pipelines without
    // reading after a few hundred of them, rather than after megabytes of kernel memory.
    private static final int SOCKET_BUFFER_BYTES = 16 * 1024;
    // Balancers probe every 5-30 s on a fresh connection; 10 s without a byte either way is a client gone,
    // or one stalled because it does not read its answers.
    static final int IDLE_TIMEOUT_SECONDS = 10;

    /** Receives every answered probe, from the balancer or anyone else; must not block. */
    public interface ProbeSink {
        void probed(String source, boolean answeredActive);
    }

    private final String host;
    private final int port;
    private final String activeBody;
    private final ServingGate gate;
    private final ProbeSink sink;
    private HttpServer server;

    public HealthCheckServer(String host, int port, HaMode mode, ServingGate gate, ProbeSink sink) {
        this.host = host;
        this.port = port;
        this.activeBody = bodyFor(mode);
        this.gate = gate;
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
        // No h2c: the upgrade-detecting pipeline queues answers without stopping to read.
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setSendBufferSize(SOCKET_BUFFER_BYTES)
                .setReceiveBufferSize(SOCKET_BUFFER_BYTES)
                .setHttp2ClearTextEnabled(false));
        new ConnectionLimit("health-check", MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS).applyTo(server)
                .requestHandler(this::handle).listen()
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
        boolean active = gate.active();
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
