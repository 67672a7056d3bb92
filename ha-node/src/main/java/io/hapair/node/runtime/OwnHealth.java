package io.hapair.node.runtime;

import io.hapair.node.role.RoleEvent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The node's check of itself: a node that cannot write its data directory cannot keep settings, so it
 * must not stay the one the balancer sends traffic to.
 */
final class OwnHealth {

    // How often the data directory is checked for writability.
    static final long CHECK_EVERY_MS = 5_000;

    private final Vertx vertx;
    private final Path dataDir;
    private final Consumer<RoleEvent> role;

    OwnHealth(Vertx vertx, Path dataDir, Consumer<RoleEvent> role) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.role = role;
    }

    void start() {
        vertx.setPeriodic(CHECK_EVERY_MS, t -> check());
    }

    private void check() {
        vertx.executeBlocking(() -> {
            Path probe = Files.createTempFile(dataDir, ".health", ".tmp");
            Files.delete(probe);
            return true;
        }, false).onComplete(ar -> role.accept(new RoleEvent.HealthChanged(ar.succeeded(), ar.succeeded() ? "ok"
                : "data directory " + dataDir + " is not writable: " + ar.cause().getMessage())));
    }
}
