package io.hapair.node.geo;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.UnixChannelOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>UDP runs on a Netty datagram channel of Vert.x's transport, registered on the instance's own event
 * loop, not on Vert.x's DatagramSocket: that one reads one datagram per wake-up, resolves the destination
 * of every send and flushes each answer by itself. Here a wake-up reads what is queued (with epoll up to
 * {@value #BATCH} datagrams per recvmmsg), answers each to the address it came from as received, and
 * flushes the answers together once the read is done (with epoll one sendmmsg).
 */
public final class GeoDnsServer extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(GeoDnsServer.class);
    private static final int LENGTH_PREFIX = 2;
    // Room for one query: Netty's default datagram buffer, what Vert.x's socket read into before. A longer
    // datagram is cut and then fails to parse (counted as malformed); real queries are far shorter.
    private static final int MAX_QUERY = 2_048;
    // Datagrams per read: a full batch waits for its answers to be flushed together, so a larger one
    // saves system calls but delays the first answer of a busy read by the time the rest take.
    static final int BATCH = 16;
    // Netty's epoll transport reads a batch per recvmmsg into one buffer, this many bytes per datagram, when a
    // channel is given this option. NIO refuses it and reads one at a time.
    private static final ChannelOption<Integer> MAX_DATAGRAM_PAYLOAD_SIZE =
            EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE;

    private final String host;
    private final int port;
    private final int receiveBuffer;
    private final GeoDnsResponder responder;
    private final boolean sharedPort;
    // One line for all instances when the kernel caps the receive buffer: they all get the same.
    private final AtomicBoolean capSaid;
    private DatagramChannel udp;
    private NetServer tcp;

    private GeoDnsServer(String host, int port, int receiveBuffer, GeoDnsResponder responder, boolean sharedPort,
            AtomicBoolean capSaid) {
        this.host = host;
        this.port = port;
        this.receiveBuffer = receiveBuffer;
        this.responder = responder;
        this.sharedPort = sharedPort;
        this.capSaid = capSaid;
    }

    /**
     * Serves DNS on {@code host:port} until {@code vertx} closes. Fails, with the keys and the fix, when it
     * cannot listen there.
     *
     * @param receiveBuffer bytes of receive buffer asked for each UDP socket (SO_RCVBUF)
     */
    public static Future<Void> deploy(Vertx vertx, String host, int port, int receiveBuffer,
            GeoDnsResponder responder) {
        int instances = vertx.isNativeTransportEnabled() ? Runtime.getRuntime().availableProcessors() : 1;
        AtomicBoolean capSaid = new AtomicBoolean();
        return vertx.deployVerticle(() -> new GeoDnsServer(host, port, receiveBuffer, responder, instances > 1,
                        capSaid),
                        new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> LOG.info("geo: DNS on {}:{} (UDP and TCP, {} event loop(s))", host, port, instances))
                .mapEmpty();
    }

    @Override
    public void start(Promise<Void> started) {
        tcp = vertx.createNetServer();
        tcp.connectHandler(this::connection);
        listenUdp()
                .compose(s -> tcp.listen(port, host))
                .recover(e -> Future.failedFuture(new IOException("cannot listen for GEO DNS on " + host + ":" + port
                        + ": " + e.getMessage() + "; check dns-address and dns-port: another process may hold the"
                        + " port (ss -lntup shows which), and a port below 1024 needs root or CAP_NET_BIND_SERVICE"
                        + " (AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd unit)", e)))
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private Future<Void> listenUdp() {
        ContextInternal own = (ContextInternal) context;
        udp = own.owner().transport().datagramChannel();
        // A second process of the same user could join a shared UDP port unnoticed, but not the TCP one: the
        // TCP listener takes no SO_REUSEPORT, so such a process fails to start as before.
        udp.config().setOption(UnixChannelOption.SO_REUSEPORT, sharedPort);
        udp.config().setReceiveBufferSize(receiveBuffer);
        sayWhenCapped();
        boolean batched = udp.config().setOption(MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY);
        udp.config().setRecvByteBufAllocator(
                new FixedRecvByteBufAllocator(batched ? MAX_QUERY * BATCH : MAX_QUERY).maxMessagesPerRead(BATCH));
        udp.pipeline().addLast(new UdpQueries());
        PromiseInternal<Void> bound = own.promise();
        own.nettyEventLoop().register(udp).addListener(registered -> {
            if (registered.isSuccess()) {
                udp.bind(new InetSocketAddress(host, port)).addListener(bound);
            } else {
                bound.fail(registered.cause());
            }
        });
        return bound.future();
    }

    /**
     * Linux caps SO_RCVBUF at net.core.rmem_max without an error (and reports twice what it keeps, for its
     * own bookkeeping). Debian's cap is below the default setting: said once, with the fix, not as a fault.
     */
    private void sayWhenCapped() {
        int kept = udp.config().getReceiveBufferSize() / 2;
        if (kept < receiveBuffer && capSaid.compareAndSet(false, true)) {
            LOG.info("geo: each GEO DNS UDP socket has {} KiB of receive buffer, not dns-receive-buffer {} KiB:"
                    + " net.core.rmem_max caps it (sysctl -w net.core.rmem_max={}, and a file in /etc/sysctl.d to"
                    + " keep it, raises the cap)", kept / 1024, receiveBuffer / 1024, receiveBuffer);
        }
    }

    /** Answers each datagram of a read to its sender; the answers leave together when the read is done. */
    private final class UdpQueries extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            responder.respond(ByteBufUtil.getBytes(packet.content()), true, sender.getAddress().getHostAddress())
                    .ifPresent(answer -> ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender),
                            ctx.voidPromise()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // One client's failed answer (its address unreachable, say) must not stop the others' answers.
            LOG.debug("geo: a DNS answer over UDP failed: {}", cause.toString());
        }
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
        PromiseInternal<Void> udpClosed = ((ContextInternal) context).promise();
        if (udp == null) {
            udpClosed.complete();
        } else {
            udp.close().addListener(udpClosed);
        }
        Future<Void> tcpClosed = tcp == null ? Future.succeededFuture() : tcp.close();
        Future.join(udpClosed, tcpClosed).<Void>mapEmpty().onComplete(stopped);
    }
}
