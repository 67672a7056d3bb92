package io.hapair.node.runtime;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.geo.GeoNode;
import io.hapair.node.geo.PairHealth;
import io.hapair.node.health.HealthCheckServer;
import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.PeerLink;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.Action;
import io.hapair.node.role.Activity;
import io.hapair.node.role.Decision;
import io.hapair.node.role.EventLog;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleMachine;
import io.hapair.node.role.RoleStatus;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncService;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's shell around {@link RoleMachine}: turns heartbeats, probes, timers, health checks and
 * operator commands into events, and decisions into the health-check answer, heartbeats and exit.
 * Everything here runs on this verticle's event loop; the health-check server has its own.
 */
public final class NodeVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(NodeVerticle.class);
    // How often the data directory is checked for writability (the node's own health).
    private static final long HEALTH_CHECK_EVERY_MS = 5_000;

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final long incarnation = System.currentTimeMillis();
    private final AtomicReference<Activity> activity = new AtomicReference<>(Activity.STANDBY);
    private final AtomicReference<PairHealth.PairState> pairState =
            new AtomicReference<>(new PairHealth.PairState(false, false));
    private final Promise<Boolean> exitRequested = Promise.promise();

    private RoleMachine machine;
    private PeerLink link;
    private NodeMetrics metrics;
    private final NodeCertificate certificate;
    private final SettingsStore store;
    private SettingsService settings;
    private GeoNode geo;
    private SyncService sync;
    private ApiServer api;
    private long lastPartnerSentAt = -1;
    private long lastPartnerReceivedAt = -1;
    // From the partner's heartbeats; GEO partners must not reuse it (version vectors count edits per name).
    private volatile String partnerName;
    private Promise<String> pendingSwitchover;

    public NodeVerticle(NodeConfig config, NodeCertificate certificate, SettingsStore store, String softwareVersion) {
        this.config = config;
        this.certificate = certificate;
        this.store = store;
        this.identity = new NodeIdentity(config.nodeName(), config.haMode(), config.preferred(), softwareVersion,
                config.healthCheckPort());
    }

    @Override
    public void start(Promise<Void> started) {
        settings = new SettingsService(vertx.createSharedWorkerExecutor("hanode-settings-store", 1), store,
                config.nodeName(), System::currentTimeMillis, SettingsCatalog::claims);
        if (config.haMode().haEnabled()) {
            sync = new SyncService(vertx, settings, () -> link, new SyncService.Identity(identity.softwareVersion(),
                    SettingsStore.SCHEMA_VERSION, config.primaryAddress(), config.partner()),
                    SettingsCatalog.syncedPaths(), SettingsCatalog.geoSharedPaths(), SettingsCatalog::onReceipt);
            link = new PeerLink(vertx, new PeerLink.Endpoints(config.primaryAddress(), config.peerPort(),
                    config.partner(), config.partnerPeerPort()), config.pairingSecret(), config.pairingSecretPrevious(),
                    certificate, new PeerLink.Listener() {
                        @Override
                        public void heartbeat(Heartbeat hb) {
                            lastPartnerSentAt = hb.sentAt();
                            partnerName = hb.report().nodeName();
                            sync.partnerSoftware(hb.report().softwareVersion());
                            lastPartnerReceivedAt = System.currentTimeMillis();
                            handle(new RoleEvent.HeartbeatReceived(hb.report()));
                        }

                        @Override
                        public void message(String type, String body) {
                            sync.receive(type, body);
                        }

                        @Override
                        public void handshakePending(boolean pending) {
                            handle(new RoleEvent.PeerHandshake(pending));
                        }

                        @Override
                        public void connected() {
                            sendHeartbeat();
                            sync.compareNow("reconnect");
                        }

                        @Override
                        public void linkLost(String cause) {
                            sync.linkLost(cause);
                            handle(new RoleEvent.PartnerLinkLost(cause));
                        }
                    });
        }
        geo = new GeoNode(vertx, config, settings, pairState::get, new GeoNode.Identity(identity.softwareVersion(),
                SettingsStore.SCHEMA_VERSION, () -> partnerName, () -> {
                    if (sync != null) {
                        sync.compareNow("GEO partner update");
                    }
                }));
        metrics = new NodeMetrics(identity, activity::get, link == null ? null : link.stats(), geo.dnsStats());
        var context = vertx.getOrCreateContext();
        HealthCheckServer health = new HealthCheckServer(config.healthCheckBindAddress(), config.healthCheckPort(),
                config.haMode(), activity::get, (source, answeredActive) -> {
                    metrics.probe(answeredActive);
                    context.runOnContext(v -> handle(new RoleEvent.ProbeSeen(source, answeredActive)));
                });
        api = new ApiServer(vertx, config, certificate, new NodeControl(this::started,
                () -> StatusJson.of(status(), config, peerStats()), this::switchover, this::refusesSyncedWrites,
                metrics::scrape), settings, sync, geo.endpoints(), metrics);
        vertx.deployVerticle(health)
                .compose(v -> api.start())
                .compose(v -> geo.start())
                .compose(v -> {
                    // The start-up wait (503 until the partner is heard or dead-after passed) counts from here.
                    machine = new RoleMachine(identity, config.timing(), System.currentTimeMillis());
                    return link == null ? Future.<Void>succeededFuture() : link.start();
                })
                .onSuccess(v -> {
                    handle(new RoleEvent.ServersListening());
                    long tick = Math.max(10, config.timing().heartbeatInterval().toMillis() / 4);
                    vertx.setPeriodic(tick, t -> handle(new RoleEvent.Tick()));
                    vertx.setPeriodic(config.timing().heartbeatInterval().toMillis(), t -> sendHeartbeat());
                    vertx.setPeriodic(HEALTH_CHECK_EVERY_MS, t -> checkOwnHealth());
                    if (sync != null) {
                        sync.start(config.antiEntropyInterval().toMillis());
                    }
                    LOG.info("node: {} started as {} ({}); health check on {}:{}, peer link on {}:{}, API on https://{}:{}",
                            identity.nodeName(), identity.mode().key(), config.preferred().key(),
                            config.healthCheckBindAddress(), config.healthCheckPort(), config.primaryAddress(),
                            config.peerPort(), config.primaryAddress(), config.apiPort());
                })
                .<Void>mapEmpty()
                .onComplete(started);
    }

    /** Completes with the drain flag once the state machine allows the process to exit. */
    public Future<Boolean> exitRequested() {
        return exitRequested.future();
    }

    void handle(RoleEvent event) {
        if (machine == null) {
            return;
        }
        Decision d = machine.on(event, System.currentTimeMillis());
        activity.set(d.activity());
        // Read by the GEO DNS server on its own event loop, hence a snapshot rather than the machine.
        pairState.set(new PairHealth.PairState(d.activity() == Activity.ACTIVE, machine.partnerActive()));
        for (EventLog.Entry note : d.notes()) {
            if (note.reason() != null) {
                LOG.warn("role: {}", note.message());
                metrics.transition(d.activity(), note.reason());
            } else {
                LOG.info("role: {}: {}", note.kind(), note.message());
            }
        }
        for (Action action : d.actions()) {
            if (action instanceof Action.Announce) {
                sendHeartbeat();
            } else if (action instanceof Action.Exit exit) {
                exitRequested.tryComplete(exit.drain());
            } else if (action instanceof Action.AcceptSwitchover accept && pendingSwitchover != null) {
                pendingSwitchover.tryComplete(accept.detail());
            } else if (action instanceof Action.RefuseSwitchover refuse && pendingSwitchover != null) {
                pendingSwitchover.tryFail(refuse.reason());
            }
        }
    }

    private void sendHeartbeat() {
        if (link == null || machine == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long held = lastPartnerReceivedAt < 0 ? 0 : now - lastPartnerReceivedAt;
        link.send(new Heartbeat(machine.ownReport(), incarnation, now, lastPartnerSentAt, held));
    }

    private void checkOwnHealth() {
        Path dir = config.dataDir();
        vertx.executeBlocking(() -> {
            Path probe = Files.createTempFile(dir, ".health", ".tmp");
            Files.delete(probe);
            return true;
        }, false).onComplete(ar -> handle(new RoleEvent.HealthChanged(ar.succeeded(),
                ar.succeeded() ? "ok" : "data directory " + dir + " is not writable: " + ar.cause().getMessage())));
    }

    Future<String> switchover(String by) {
        pendingSwitchover = Promise.promise();
        Promise<String> p = pendingSwitchover;
        handle(new RoleEvent.SwitchoverRequested(by));
        pendingSwitchover = null;
        return p.future();
    }

    void requestShutdown() {
        handle(new RoleEvent.ShutdownRequested());
    }

    /** A standby node that the balancer reaches takes no writes of synced settings: they go to the active node. */
    boolean refusesSyncedWrites() {
        return machine != null && machine.activity() == Activity.STANDBY
                && machine.connected(System.currentTimeMillis());
    }

    SettingsService settings() {
        return settings;
    }

    SyncService sync() {
        return sync;
    }

    GeoNode geo() {
        return geo;
    }

    boolean started() {
        return machine != null;
    }

    RoleStatus status() {
        return machine.status(System.currentTimeMillis());
    }

    PeerStats peerStats() {
        return link == null ? null : link.stats();
    }

    NodeMetrics metrics() {
        return metrics;
    }

    NodeConfig nodeConfig() {
        return config;
    }

    @Override
    public void stop(Promise<Void> stopped) {
        Future<Void> l = link == null ? Future.succeededFuture() : link.stop();
        Future<Void> a = api == null ? Future.succeededFuture() : api.stop();
        Future.all(l, a).<Void>mapEmpty().onComplete(stopped);
    }
}
