package io.hapair.node.wui;

import io.hapair.node.config.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

    private final NetClient client;
    private final NodeConfig config;

    Diagnostics(Vertx vertx, NodeConfig config) {
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
        this.config = config;
    }

    void handle(RoutingContext ctx) {
        JsonObject target = new JsonObject().put("address", config.partner()).put("port", config.partnerPeerPort());
        if (config.partner() == null) {
            WuiRoutes.sendJson(ctx, 200, new JsonObject().put("peerPort", target.put("reachable", false)
                    .put("detail", "HA is off: this node has no partner")));
            return;
        }
        long started = System.nanoTime();
        client.connect(config.partnerPeerPort(), config.partner()).onComplete(ar -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (ar.succeeded()) {
                ar.result().close();
                target.put("reachable", true).put("millis", millis)
                        .put("detail", "TCP connection to " + config.partner() + ":" + config.partnerPeerPort()
                                + " opened in " + millis + " ms");
            } else {
                target.put("reachable", false).put("detail", "cannot open a TCP connection to " + config.partner()
                        + ":" + config.partnerPeerPort() + ": " + ar.cause().getMessage()
                        + "; check that the partner runs and that security rules allow "
                        + config.partnerPeerPort() + " between the nodes");
            }
            WuiRoutes.sendJson(ctx, 200, new JsonObject().put("peerPort", target));
        });
    }
}
