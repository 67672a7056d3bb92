package io.hapair.node.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A small real server for the demo: answers every HTTP request with its own name, so a client going
 * through the balancer and the active node's data plane sees which real server answered.
 */
public final class DemoRealServer {

    private final Vertx vertx;
    private final String name;
    private final String address;
    private final int port;
    private HttpServer server;

    public DemoRealServer(Vertx vertx, String name, String address, int port) {
        this.vertx = vertx;
        this.name = name;
        this.address = address;
        this.port = port;
    }

    public Future<Void> start() {
        server = vertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "text/plain").end("real server " + name + " (" + address + ":" + port
                        + ") answered " + req.method() + " " + req.path() + "\n"));
        return server.listen(port, address).<Void>mapEmpty().recover(e -> Future.failedFuture(new IllegalStateException(
                "demo real server " + name + " cannot listen on " + address + ":" + port + ": " + e.getMessage()
                        + "; stop what uses that port", e)));
    }

    public String name() {
        return name;
    }

    public String endpoint() {
        return address + ":" + port;
    }
}
