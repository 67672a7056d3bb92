package io.hapair.node.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat half of the peer link: UDP on the peer port, keyed by the TLS sessions
 * ({@link HeartbeatDatagram} is the format). The outgoing session's key seals ours, the incoming
 * session's opens the partner's. A datagram that fails any check (source, size, version, key, replay
 * window, MAC) is dropped and counted; such refusals are logged at most once per
 * {@value #LOG_INTERVAL_MS} ms, so a flood costs counter increments, not log lines.
 */
final class HeartbeatDatagrams {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatDatagrams.class);
    static final long LOG_INTERVAL_MS = 10_000;

    private final Vertx vertx;
    private final PeerLink.Endpoints endpoints;
    private final PartnerAddress partner;
    private final PeerStats stats;
    private final PartnerInbox inbox;
    private final DatagramInbox keys = new DatagramInbox();
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, LOG_INTERVAL_MS, System::nanoTime);
    private final RateLimitedLog sendFailures = new RateLimitedLog(LOG, LOG_INTERVAL_MS, System::nanoTime);
    private DatagramSocket socket;
    private DatagramKey sendKey;
    private long sendSeq;

    HeartbeatDatagrams(Vertx vertx, PeerLink.Endpoints endpoints, PartnerAddress partner, PeerStats stats,
                       PartnerInbox inbox) {
        this.partner = partner;
        this.vertx = vertx;
        this.endpoints = endpoints;
        this.stats = stats;
        this.inbox = inbox;
    }

    Future<Void> listen() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::received);
        return socket.listen(endpoints.port(), endpoints.bindAddress()).<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for the partner's heartbeats on "
                        + endpoints.bindAddress() + ":" + endpoints.port() + "/udp: " + e.getMessage()
                        + "; check primary-address and peer-port", e)));
    }

    Future<Void> close() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    /** Our new outgoing session: its key seals our heartbeats from now on. */
    void sendWith(Session outgoing) {
        sendKey = outgoing.datagramSendKey();
        sendSeq = 0;
    }

    /** The partner's new incoming session: its key opens the partner's heartbeats from now on. */
    void receiveWith(Session incoming) {
        keys.add(incoming.datagramReceiveKey());
    }

    /** The partner's process is gone: no key of its sessions counts any more, ours to it neither. */
    void forget() {
        keys.forget();
        sendKey = null;
    }

    /** Sends one heartbeat (its JSON) once an outgoing session has given us a key; before that, nothing. */
    void send(byte[] heartbeat) {
        if (sendKey == null) {
            return;
        }
        byte[] datagram = HeartbeatDatagram.seal(sendKey, ++sendSeq, heartbeat);
        stats.datagramsSent.incrementAndGet();
        String to = partner.dial();
        socket.send(Buffer.buffer(datagram), endpoints.partnerPort(), to)
                .onFailure(e -> sendFailures.warn("peer: cannot send a heartbeat datagram to {}:{}: {}",
                        to, endpoints.partnerPort(), e.getMessage()));
    }

    /** Only the configured partner's, authentic, fresh and newest datagram reaches the inbox. */
    private void received(DatagramPacket packet) {
        String source = packet.sender().hostAddress();
        if (!partner.accepts(source)) {
            refuse(source + ":" + packet.sender().port(), "not the configured partner " + partner);
            return;
        }
        byte[] payload;
        try {
            payload = keys.open(packet.data().getBytes());
        } catch (PeerProtocolException e) {
            refuse("partner " + source, e.getMessage());
            return;
        }
        if (payload == null) {
            stats.datagramsLate.incrementAndGet();
            return;
        }
        stats.datagramsReceived.incrementAndGet();
        inbox.datagram(payload);
    }

    private void refuse(String who, String reason) {
        stats.refused.incrementAndGet();
        stats.datagramsRefused.incrementAndGet();
        stats.lastRefusal = "heartbeat datagram from " + who + ": " + reason;
        refusals.warn("peer: refused a heartbeat datagram from {}: {}", who, reason);
    }
}
