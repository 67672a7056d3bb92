package io.hapair.node.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server standing in for a node: {@code GET /} is the health probe and answers the
 * status it is told to (or nothing at all when stalled); any other path answers 200 with the
 * backend's name, so a client can tell which backend a forwarded connection reached.
 */
final class FakeBackend {

    /** Status code that means "do not answer the probe", to provoke a probe timeout. */
    private static final int STALL = -1;

    private final String name;
    private final HttpServer server;
    private final AtomicInteger probeStatus = new AtomicInteger(200);
    private final AtomicInteger probesSeen = new AtomicInteger();
    private final Set<String> probeSources = ConcurrentHashMap.newKeySet();

    private FakeBackend(Vertx vertx, String name) {
        this.name = name;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Listens on {@code host:port}; port 0 picks a free one. Fails if the port is taken. */
    static FakeBackend listen(Vertx vertx, String name, String host, int port) throws Exception {
        FakeBackend backend = new FakeBackend(vertx, name);
        backend.server.listen(port, host).await(5, TimeUnit.SECONDS);
        return backend;
    }

    int port() {
        return server.actualPort();
    }

    void answerProbesWith(int status) {
        probeStatus.set(status);
    }

    void stallProbes() {
        probeStatus.set(STALL);
    }

    int probesSeen() {
        return probesSeen.get();
    }

    /** The addresses probes came from. */
    Set<String> probeSources() {
        return Set.copyOf(probeSources);
    }

    /** Stops listening, so probes and new connections are refused. */
    void shutDown() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/")) {
            request.response().end(name);
            return;
        }
        probesSeen.incrementAndGet();
        probeSources.add(request.remoteAddress().hostAddress());
        int status = probeStatus.get();
        if (status != STALL) {
            request.response().setStatusCode(status).end(name);
        }
    }
}
