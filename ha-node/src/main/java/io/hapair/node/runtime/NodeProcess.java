package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.tls.NodeCertificate;
import java.io.IOException;
import java.sql.SQLException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node in this JVM until SIGTERM (or Ctrl-C): then the active node hands over to its
 * partner, keeps serving for shutdown-drain if a balancer was sending it traffic, and exits.
 */
public final class NodeProcess {

    private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

    // Not 0 (systemd would not restart) and not 2 (RestartPreventExitStatus: bad configuration).
    static final int RESTART_EXIT_STATUS = 3;
    // How long the node's verticle may take to start (its servers, HAProxy, the role machine).
    private static final long START_LIMIT_SECONDS = 30;

    private static volatile int exitStatus;

    private NodeProcess() {
    }

    /**
     * Stops the node as SIGTERM does (handing over first when active), then exits with
     * {@value #RESTART_EXIT_STATUS}, which systemd's {@code Restart=on-failure} restarts.
     */
    static void exitForRestart() {
        exitStatus = RESTART_EXIT_STATUS;
        System.exit(RESTART_EXIT_STATUS);
    }

    /** Starts the node; returns only when it has stopped. Throws when it cannot start. */
    public static void run(NodeConfig config, String version) throws Exception {
        Files.createDirectories(config.dataDir());
        // The store's first open unpacks sqlite's native library from the jar (about 0.1 s of a start): a thread
        // of its own opens it while this one makes the certificate and Vert.x.
        FutureTask<SettingsStore> opening = new FutureTask<>(() -> SettingsStore.open(config.dataDir()));
        new Thread(opening, "hanode-store-open").start();
        NodeCertificate certificate;
        Vertx vertx;
        try {
            certificate = NodeCertificate.ensure(config.tlsCert(), config.tlsKey(), config.dataDir(),
                    config.nodeName(), List.of(config.primaryAddress()));
            // Epoll where Netty ships it (Linux x86-64): GEO DNS then answers UDP on several event loops.
            vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
        } catch (Exception e) {
            closeOnceOpened(opening);
            throw e;
        }
        SettingsStore store;
        try {
            store = opened(opening, config);
        } catch (Exception e) {
            vertx.close().await(10, TimeUnit.SECONDS);
            throw e;
        }
        if (!vertx.isNativeTransportEnabled()) {
            LOG.info("node: Netty's native transport is unavailable ({}); NIO", vertx.unavailableNativeTransportCause());
        }
        NodeVerticle node = new NodeVerticle(config, certificate, store, version);
        // The stop is in place before the start, which already runs HAProxy and answers probes: a SIGTERM while the
        // node starts (a restart right after a start, say) waits for the start and then stops it as any other,
        // instead of ending the JVM at once and leaving HAProxy running with nobody to stop it.
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!startedInTime(started)) {
                // A start that failed cleans up after itself and exits with its own status.
                return;
            }
            shutdown(vertx, node, config);
            closeQuietly(store);
            stopped.countDown();
            // A stop by SIGTERM is a clean stop: without this the JVM reports 143 (128 + SIGTERM).
            Runtime.getRuntime().halt(exitStatus);
        }, "hanode-shutdown"));
        try {
            vertx.deployVerticle(node).await(START_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            started.complete(false);
            vertx.close().await(10, TimeUnit.SECONDS);
            closeQuietly(store);
            throw e;
        }
        started.complete(true);
        stopped.await();
    }

    /** Whether the node's start succeeded, waiting for it while it runs. */
    private static boolean startedInTime(CompletableFuture<Boolean> started) {
        try {
            return started.get(START_LIMIT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The store {@code opening} opened, or why not as the start's error: naming the data directory. */
    private static SettingsStore opened(FutureTask<SettingsStore> opening, NodeConfig config)
            throws IOException, InterruptedException {
        try {
            return opening.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new IOException("cannot open the settings store in " + config.dataDir() + ": " + sql.getMessage()
                        + "; check data-dir", sql);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            // SettingsStore.open throws no other checked exception.
            throw (Error) cause;
        }
    }

    /** After a failed start: the store, once its thread has opened it, is closed again. */
    private static void closeOnceOpened(FutureTask<SettingsStore> opening) {
        try {
            closeQuietly(opening.get());
        } catch (ExecutionException e) {
            // Never opened: nothing to close; the start's own error is the one to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SettingsStore store) {
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("node: closing the settings store: {}", e.getMessage());
        }
    }

    private static void shutdown(Vertx vertx, NodeVerticle node, NodeConfig config) {
        LOG.info("node: stop requested");
        Duration limit = config.timing().handoverTimeout().plusSeconds(1);
        CountDownLatch handedOver = new CountDownLatch(1);
        boolean[] drain = new boolean[1];
        node.exitRequested().onComplete(ar -> {
            drain[0] = ar.succeeded() && ar.result();
            handedOver.countDown();
        });
        node.requestShutdown();
        try {
            if (!handedOver.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("node: handover did not finish within {} ms; stopping anyway", limit.toMillis());
            }
            if (drain[0] && !config.shutdownDrain().isZero()) {
                LOG.info("node: answering 503 now; draining for {} ms so the balancer marks this node down",
                        config.shutdownDrain().toMillis());
                Thread.sleep(config.shutdownDrain().toMillis());
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("node: stopped");
    }
}
