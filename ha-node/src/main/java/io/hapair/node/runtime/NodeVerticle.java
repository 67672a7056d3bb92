package io.hapair.node.runtime;

import io.hapair.cloud.run.CloudProvider;
import io.hapair.cloud.run.CloudProviders;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/** Runs a {@link Node} on one event loop: assembles it there when deployed, stops it when undeployed. */
public final class NodeVerticle extends VerticleBase {

    private final NodeConfig config;
    private final NodeCertificate certificate;
    private final SettingsStore store;
    private final String softwareVersion;
    private final Function<String, CloudProvider> clouds;
    private Node node;

    public NodeVerticle(NodeConfig config, NodeCertificate certificate, SettingsStore store, String softwareVersion) {
        this(config, certificate, store, softwareVersion, CloudProviders::named);
    }

    /** For tests: the balancer self-check reaches a stand-in of the cloud through {@code clouds}. */
    NodeVerticle(NodeConfig config, NodeCertificate certificate, SettingsStore store, String softwareVersion,
                 Function<String, CloudProvider> clouds) {
        this.config = config;
        this.certificate = certificate;
        this.store = store;
        this.softwareVersion = softwareVersion;
        this.clouds = clouds;
    }

    @Override
    public Future<?> start() {
        node = new Node(vertx, config, certificate, store, softwareVersion, clouds);
        return node.start();
    }

    @Override
    public Future<?> stop() {
        return node == null ? Future.succeededFuture() : node.stop();
    }

    /** Completes with the drain flag once the state machine allows the process to exit. */
    public Future<Boolean> exitRequested() {
        return node.exitRequested();
    }

    /** From any thread: hands over when active, then lets the process exit. */
    public void requestShutdown() {
        node.requestShutdown();
    }
}
