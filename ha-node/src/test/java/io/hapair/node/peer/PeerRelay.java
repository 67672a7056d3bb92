package io.hapair.node.peer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A wire between two real peer links, on its own address, the one both links take for their partner:
 * it forwards TCP connections and UDP datagrams of the peer port both ways, byte for byte, and lets a
 * test do what a network or an attacker on the partner's address does: record and replay datagrams,
 * cut the TCP connections while still accepting new ones, or swallow new connections.
 */
final class PeerRelay implements AutoCloseable {

    /** One side: where the relay listens for the other side, and the peer link it forwards to. */
    private final class Side {
        final String targetAddress;
        final int targetPort;
        final int port;
        NetServer server;
        DatagramSocket udp;

        Side(String targetAddress, int targetPort, int port) {
            this.targetAddress = targetAddress;
            this.targetPort = targetPort;
            this.port = port;
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final String address;
    private final NetClient client;
    private final Side toA;
    private final Side toB;
    private final Set<NetSocket> connections = ConcurrentHashMap.newKeySet();
    /** Datagrams on their way to A, as they went by. */
    final List<Buffer> datagramsToA = new CopyOnWriteArrayList<>();
    private volatile boolean holdNewConnections;

    /**
     * Listens on {@code address}: {@code portForB} is where B's link sends (it reaches A at
     * {@code a}:{@code portA}), {@code portForA} where A's sends (it reaches B).
     */
    PeerRelay(Vertx vertx, String address, String a, int portA, int portForB, String b, int portB, int portForA)
            throws Exception {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.address = address;
        this.client = vertx.createNetClient(new NetClientOptions().setLocalAddress(address));
        this.toA = new Side(a, portA, portForB);
        this.toB = new Side(b, portB, portForA);
        on(() -> Future.all(listen(toA, toB), listen(toB, toA)).mapEmpty());
    }

    private Future<Void> listen(Side side, Side other) {
        side.server = vertx.createNetServer();
        side.server.connectHandler(in -> {
            connections.add(in);
            // A black hole: accepted, then never answered, as behind a firewall that drops (a dial times out).
            if (holdNewConnections) {
                in.pause();
                return;
            }
            in.pause();
            client.connect(side.targetPort, side.targetAddress).onComplete(ar -> {
                if (ar.failed()) {
                    in.close();
                    return;
                }
                NetSocket out = ar.result();
                connections.add(in);
                connections.add(out);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.handler(out::write);
                out.handler(in::write);
                in.resume();
            });
        });
        side.udp = vertx.createDatagramSocket();
        side.udp.handler(packet -> {
            if (side == toA) {
                datagramsToA.add(packet.data());
            }
            // Sent from the other side's socket, so the receiver sees the relay's address and its port.
            other.udp.send(packet.data(), side.targetPort, side.targetAddress);
        });
        return side.server.listen(side.port, address).compose(s -> side.udp.listen(side.port, address)).mapEmpty();
    }

    private <T> T on(Supplier<Future<T>> work) throws Exception {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(done));
        return done.future().await(10, TimeUnit.SECONDS);
    }

    /** Sends {@code datagram} to A again, from the relay: a replay by anyone on the partner's address. */
    void replayToA(Buffer datagram) throws Exception {
        on(() -> toB.udp.send(datagram, toA.targetPort, toA.targetAddress));
    }

    /** Closes every TCP connection through the relay; new ones are still accepted and forwarded. */
    void cutConnections() throws Exception {
        on(() -> Future.all(connections.stream().map(NetSocket::close).toList()).mapEmpty());
        connections.clear();
    }

    /** From now on TCP connections are accepted but go nowhere; datagrams still pass. */
    void holdNewConnections(boolean hold) {
        holdNewConnections = hold;
    }

    @Override
    public void close() throws Exception {
        on(() -> Future.all(toA.server.close(), toB.server.close(), toA.udp.close(), toB.udp.close(), client.close())
                .mapEmpty());
    }
}
