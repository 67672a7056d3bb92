package io.hapair.node.runtime;

import io.hapair.node.role.RoleEvent;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The node's health as the role machine sees it: healthy only while every part is (a node that cannot
 * write its data directory cannot keep settings; one whose data plane cannot run carries no traffic),
 * so neither stays the node the balancer sends traffic to. Checks the data directory itself; other
 * parts report through {@link #report}. Runs on the node's event loop.
 */
final class OwnHealth {

    // How often the data directory is checked for writability.
    static final long CHECK_EVERY_MS = 5_000;
    static final String DATA_DIRECTORY = "data directory";

    private final Vertx vertx;
    private final Path dataDir;
    private final Consumer<RoleEvent> role;
    // Part -> why it is unhealthy; in the order the parts failed.
    private final Map<String, String> failing = new LinkedHashMap<>();

    OwnHealth(Vertx vertx, Path dataDir, Consumer<RoleEvent> role) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.role = role;
    }

    void start() {
        vertx.setPeriodic(CHECK_EVERY_MS, t -> checkDataDirectory());
    }

    /** A part's health changed (or was confirmed): tells the role machine the node's health as a whole. */
    void report(String part, boolean healthy, String why) {
        if (healthy) {
            failing.remove(part);
        } else {
            failing.put(part, why);
        }
        role.accept(new RoleEvent.HealthChanged(failing.isEmpty(), failing.isEmpty() ? "ok"
                : failing.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; "))));
    }

    private void checkDataDirectory() {
        vertx.executeBlocking(() -> {
            Path probe = Files.createTempFile(dataDir, ".health", ".tmp");
            Files.delete(probe);
            return true;
        }, false).onComplete(ar -> report(DATA_DIRECTORY, ar.succeeded(),
                ar.succeeded() ? "ok" : dataDir + " is not writable: " + ar.cause().getMessage()));
    }
}
