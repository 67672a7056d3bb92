package io.hapair.node.geo;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GEO DNS server: UDP and TCP on one address and port, each packet handed to the
 * {@link GeoDnsResponder} with the address it came from (for proximity). TCP messages carry the 2-byte
 * length prefix of RFC 1035 4.2.2; a client may send several queries on one connection.
 *
 * <p>One event loop reads one UDP socket. With the native (epoll) transport there is one instance per
 * core, each with its own UDP socket on the same port (SO_REUSEPORT: the kernel spreads clients over them
 * by their address and port) and a share of the one TCP listener. Vert.x's NIO transport cannot share a
 * UDP port, so there one instance serves it all.
 */
public final class GeoDnsServer extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(GeoDnsServer.class);
    private static final int LENGTH_PREFIX = 2;

    private final String host;
    private final int port;
    private final GeoDnsResponder responder;
    private final boolean sharedPort;
    private DatagramSocket udp;
    private NetServer tcp;

    private GeoDnsServer(String host, int port, GeoDnsResponder responder, boolean sharedPort) {
        this.host = host;
        this.port = port;
        this.responder = responder;
        this.sharedPort = sharedPort;
    }

    /**
     * Serves DNS on {@code host:port} until {@code vertx} closes. Fails, with the keys and the fix, when it
     * cannot listen there.
     */
    public static Future<Void> deploy(Vertx vertx, String host, int port, GeoDnsResponder responder) {
        int instances = vertx.isNativeTransportEnabled() ? Runtime.getRuntime().availableProcessors() : 1;
        return vertx.deployVerticle(() -> new GeoDnsServer(host, port, responder, instances > 1),
                        new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> LOG.info("geo: DNS on {}:{} (UDP and TCP, {} event loop(s))", host, port, instances))
                .mapEmpty();
    }

    @Override
    public void start(Promise<Void> started) {
        // A second process of the same user could join a shared UDP port unnoticed, but not the TCP one:
        // the TCP listener takes no SO_REUSEPORT, so such a process fails to start as before.
        udp = vertx.createDatagramSocket(new DatagramSocketOptions().setReusePort(sharedPort));
        udp.handler(this::datagram);
        tcp = vertx.createNetServer();
        tcp.connectHandler(this::connection);
        udp.listen(port, host)
                .compose(s -> tcp.listen(port, host))
                .recover(e -> Future.failedFuture(new IOException("cannot listen for GEO DNS on " + host + ":" + port
                        + ": " + e.getMessage() + "; check dns-address and dns-port: another process may hold the"
                        + " port (ss -lntup shows which), and a port below 1024 needs root or CAP_NET_BIND_SERVICE"
                        + " (AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd unit)", e)))
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void datagram(DatagramPacket packet) {
        responder.respond(packet.data().getBytes(), true, packet.sender().hostAddress()).ifPresent(answer ->
                udp.send(Buffer.buffer(answer), packet.sender().port(), packet.sender().host()));
    }

    private void connection(NetSocket socket) {
        RecordParser parser = RecordParser.newFixed(LENGTH_PREFIX);
        parser.handler(new TcpFrames(socket, parser));
        socket.handler(parser);
        socket.exceptionHandler(e -> socket.close());
    }

    /** Alternates between reading a 2-byte length and reading that many bytes of query. */
    private final class TcpFrames implements Handler<Buffer> {
        private final NetSocket socket;
        private final RecordParser parser;
        private boolean expectLength = true;

        TcpFrames(NetSocket socket, RecordParser parser) {
            this.socket = socket;
            this.parser = parser;
        }

        @Override
        public void handle(Buffer chunk) {
            if (expectLength) {
                int length = chunk.getUnsignedShort(0);
                if (length == 0) {
                    socket.close(); // an empty message cannot be a query; nothing sensible follows it
                    return;
                }
                expectLength = false;
                parser.fixedSizeMode(length);
                return;
            }
            expectLength = true;
            parser.fixedSizeMode(LENGTH_PREFIX);
            responder.respond(chunk.getBytes(), false, socket.remoteAddress().hostAddress())
                    .ifPresent(answer -> socket.write(Buffer.buffer().appendUnsignedShort(answer.length)
                            .appendBytes(answer)));
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        Future<Void> udpClosed = udp == null ? Future.succeededFuture() : udp.close();
        Future<Void> tcpClosed = tcp == null ? Future.succeededFuture() : tcp.close();
        Future.join(udpClosed, tcpClosed).<Void>mapEmpty().onComplete(stopped);
    }
}
