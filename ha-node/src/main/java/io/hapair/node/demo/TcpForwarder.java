package io.hapair.node.demo;

import io.hapair.node.demo.IlbSettings.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one frontend and pipes each accepted TCP connection, byte for byte, to the target
 * its route picks when the connection arrives (TLS passes through untouched). The route is asked
 * once per connection, so an established flow keeps its backend whatever the probes say later,
 * as Azure keeps established flows. With no target the connection is closed at once.
 */
final class TcpForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);

    private final Vertx vertx;
    private final NetClient client;
    private final String ruleName;
    private final Endpoint frontend;
    private final Function<SocketAddress, Optional<Endpoint>> route;
    private NetServer server;

    /**
     * @param client makes the backend connections; whoever closes it closes their backend side
     * @param route picks the target of a new connection from the client's address; empty refuses it
     */
    TcpForwarder(Vertx vertx, NetClient client, String ruleName, Endpoint frontend,
            Function<SocketAddress, Optional<Endpoint>> route) {
        this.vertx = vertx;
        this.client = client;
        this.ruleName = ruleName;
        this.frontend = frontend;
        this.route = route;
    }

    Future<Void> start() {
        server = vertx.createNetServer().connectHandler(this::accept);
        return server.listen(frontend.port(), frontend.host())
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "ILB simulator cannot listen on " + frontend + " for rule " + ruleName + ": "
                                + failure.getMessage() + "; stop whatever holds " + frontend
                                + " or configure another frontend", failure)))
                .onSuccess(v -> LOG.info("ilb listening rule={} frontend={}", ruleName, frontend));
    }

    /**
     * Stops accepting and closes every client connection of this frontend (Vert.x closes a
     * server's open connections with it); each one closes its backend side as it goes.
     */
    Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        return server.close().onComplete(done -> LOG.info("ilb stopped rule={} frontend={}", ruleName, frontend));
    }

    private void accept(NetSocket inbound) {
        // Hold the client's bytes until the backend connection exists; pipeTo resumes it.
        inbound.pause();
        SocketAddress source = inbound.remoteAddress();
        Optional<Endpoint> target = route.apply(source);
        if (target.isEmpty()) {
            LOG.info("ilb refusing flow rule={} source={} frontend={} reason=\"no backend is up\"",
                    ruleName, source, frontend);
            inbound.close();
            return;
        }
        Endpoint to = target.get();
        AtomicBoolean clientGone = new AtomicBoolean();
        inbound.closeHandler(v -> clientGone.set(true));
        client.connect(to.port(), to.host()).onComplete(connected -> {
            if (connected.failed()) {
                LOG.info("ilb dropping flow rule={} source={} target={} cause=\"{}\"",
                        ruleName, source, to, connected.cause().getMessage());
                inbound.close();
                return;
            }
            NetSocket outbound = connected.result();
            if (clientGone.get()) {
                outbound.close();
                return;
            }
            LOG.debug("ilb forwarding flow rule={} source={} target={}", ruleName, source, to);
            inbound.closeHandler(v -> outbound.close());
            outbound.closeHandler(v -> inbound.close());
            inbound.pipeTo(outbound);
            outbound.pipeTo(inbound);
        });
    }
}
