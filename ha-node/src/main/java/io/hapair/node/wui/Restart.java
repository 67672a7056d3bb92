package io.hapair.node.wui;

import io.hapair.node.runtime.NodeProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/node/restart}: the process exits as on SIGTERM (handing over first when it is
 * active) with status {@value #EXIT_STATUS}, which systemd's {@code Restart=on-failure} restarts.
 */
final class Restart {

    private static final Logger LOG = LoggerFactory.getLogger(Restart.class);
    // Not 0 (systemd would not restart) and not 2 (RestartPreventExitStatus: bad configuration).
    static final int EXIT_STATUS = 3;

    void handle(RoutingContext ctx) {
        LOG.info("wui: restart requested from {}", ctx.request().remoteAddress().hostAddress());
        WuiRoutes.sendJson(ctx, 202, new JsonObject().put("restarting", true).put("detail",
                "the service hands over if it is active, stops and is started again by systemd"));
        // Off the event loop: the exit runs the shutdown hook, which needs the event loop to hand over.
        Thread exit = new Thread(() -> NodeProcess.exitWith(EXIT_STATUS), "wui-restart");
        exit.start();
    }
}
