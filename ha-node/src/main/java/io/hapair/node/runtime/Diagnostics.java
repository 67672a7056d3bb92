package io.hapair.node.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hapair.node.http.JsonAnswer;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/node/diagnostics}: can this node open a TCP connection to its partner's peer
 * port right now? (Probes seen and configuration errors are in the HA status already.)
 */
final class Diagnostics {

    // Two seconds: a partner on the same virtual network answers in milliseconds; more is a firewall drop.
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    /** The partner's peer port as this node reaches it; {@code millis} only when it was reached. */
    record PeerPort(String address, int port, boolean reachable,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long millis, String detail) {
    }

    private record Answer(PeerPort peerPort) {
    }

    private final NetClient client;
    private final String partner;
    private final int partnerPeerPort;

    /** {@code partner} is null when HA is off. */
    Diagnostics(Vertx vertx, String partner, int partnerPeerPort) {
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
        this.partner = partner;
        this.partnerPeerPort = partnerPeerPort;
    }

    void handle(RoutingContext ctx) {
        if (partner == null) {
            JsonAnswer.send(ctx, 200, new Answer(new PeerPort(null, partnerPeerPort, false, null,
                    "HA is off: this node has no partner")));
            return;
        }
        long started = System.nanoTime();
        client.connect(partnerPeerPort, partner).onComplete(ar -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            PeerPort peerPort;
            if (ar.succeeded()) {
                ar.result().close();
                peerPort = new PeerPort(partner, partnerPeerPort, true, millis, "TCP connection to " + partner + ":"
                        + partnerPeerPort + " opened in " + millis + " ms");
            } else {
                peerPort = new PeerPort(partner, partnerPeerPort, false, null, "cannot open a TCP connection to "
                        + partner + ":" + partnerPeerPort + ": " + ar.cause().getMessage()
                        + "; check that the partner runs and that security rules allow " + partnerPeerPort
                        + " between the nodes");
            }
            JsonAnswer.send(ctx, 200, new Answer(peerPort));
        });
    }
}
