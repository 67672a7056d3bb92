package io.hapair.node.runtime;

import io.hapair.node.http.JsonAnswer;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/node/restart}: answers 202, then runs the restart the runtime handed in, which
 * stops the process as SIGTERM does (handing over first when it is active) with an exit status that
 * systemd's {@code Restart=on-failure} restarts.
 */
final class Restart {

    private static final Logger LOG = LoggerFactory.getLogger(Restart.class);

    private record Answer(boolean restarting, String detail) {
    }

    private final Runnable restart;

    Restart(Runnable restart) {
        this.restart = restart;
    }

    void handle(RoutingContext ctx) {
        LOG.info("api: restart requested from {}", ctx.request().remoteAddress().hostAddress());
        JsonAnswer.send(ctx, 202, new Answer(true,
                "the service hands over if it is active, stops and is started again by systemd"));
        // Off the event loop: the exit runs the shutdown hook, which needs the event loop to hand over.
        Thread exit = new Thread(restart, "node-restart");
        exit.start();
    }
}
