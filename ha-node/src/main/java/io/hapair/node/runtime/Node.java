package io.hapair.node.runtime;

import io.hapair.cloud.run.CloudProvider;
import io.hapair.node.balancer.BalancerCheck;
import io.hapair.node.capture.PacketCapture;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.dataplane.DataPlane;
import io.hapair.node.dataplane.DataPlaneHealth;
import io.hapair.node.dataplane.HaproxyDataPlane;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.geo.GeoNode;
import io.hapair.node.health.HealthCheckServer;
import io.hapair.node.health.model.HealthRules;
import io.hapair.node.heap.Heap;
import io.hapair.node.heap.HeapHeadroom;
import io.hapair.node.naming.NamingKeeper;
import io.hapair.node.netcommit.NetworkCommits;
import io.hapair.node.netconf.NetworkHost;
import io.hapair.node.ntp.ChronyKeeper;
import io.hapair.node.pairing.PartnerTrust;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.PeerLink;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.peer.PeerTransport;
import io.hapair.node.role.Activity;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleStatus;
import io.hapair.node.role.RoleTiming;
import io.hapair.node.role.TransitionReason;
import io.hapair.node.selfcheck.SelfChecker;
import io.hapair.node.snmp.SnmpAgent;
import io.hapair.node.snmp.model.HaView;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.SyncService;
import io.hapair.node.syslog.SyslogForwarder;
import io.hapair.node.syslog.model.Rfc5424;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.witness.WitnessKeeper;
import io.hapair.node.witness.WitnessType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds one node's components in dependency order, writes down who hears what
 * (the fan-out of heartbeats, sync messages, probes and decisions), and starts the servers.
 * Read this class first: every other runtime class is one of the parts assembled here. Built and
 * started on one event loop (the {@link NodeVerticle}'s); the health-check server, the API's server, GEO DNS,
 * the syslog forwarder, the chrony keeper, the naming keeper and the SNMP agent have their own, deployed from
 * it and undeployed with it.
 */
final class Node {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    // Connections have had the shutdown drain already; this only lets HAProxy close them in order.
    private static final Duration DATA_PLANE_STOP_DRAIN = Duration.ofSeconds(2);
    // About as long as `hanode cloud diagnose` may take: a few reads, with the SDK's retries of a throttled one.
    private static final Duration BALANCER_CHECK_TIMEOUT = Duration.ofSeconds(60);
    // A lost or returned partner reaches the trap targets within this; the agent's answers are this fresh.
    private static final Duration SNMP_OBSERVE_EVERY = Duration.ofSeconds(1);
    private static final Duration SNMP_CONFLICTS_EVERY = Duration.ofSeconds(10);
    /** In the data directory: what a pending network change would roll back to, kept across a restart. */
    private static final String NETWORK_PENDING_FILE = "network-pending.json";
    /** In the data directory: a packet capture's file while it waits for its download. */
    private static final String CAPTURE_DIRECTORY = "capture";
    // Time to click Download, not a place to keep captures: the file shares the disk with the settings store.
    private static final Duration CAPTURE_KEEP = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final Context context;
    private final NodeConfig config;
    private final NodeIdentity identity;
    private final SettingsService settings;
    private final SyncService sync;
    private final PeerTransport link;
    /** Which certificate the partner may present; null when HA is off. */
    private final PartnerTrust pairing;
    private final Heartbeats heartbeats;
    private final RoleShell role;
    /** Null without a witness. */
    private final WitnessKeeper witness;
    private final GeoNode geo;
    private final NodeMetrics metrics;
    private final HealthCheckServer health;
    private final SyslogForwarder syslog;
    private final ChronyKeeper chrony;
    private final NamingKeeper naming;
    private final SnmpAgent snmp;
    // For the SNMP agent, on the node's event loop: the open sync conflicts as last counted (a store query), and
    // the last transition (the status's event log is bounded: other events may have pushed it out).
    private int openConflicts;
    private TransitionReason lastTransition;
    private long lastTransitionAt = -1;
    private final NetworkCommits network;
    private final OwnHealth ownHealth;
    private final DataPlane dataPlane;
    private final DataPlaneFeed dataPlaneFeed;
    private final ApiServer api;
    private final PacketCapture capture;
    /** Null without a balancer-check-topology. */
    private final BalancerCheck balancerCheck;
    private final Maintenance maintenance;
    /** Null without self-check targets. */
    private final SelfChecker selfCheck;

    /**
     * @param clouds the cloud providers by name, as {@code hanode cloud --provider} finds them; the balancer
     *               self-check's only way to the cloud
     */
    Node(Vertx vertx, NodeConfig config, NodeCertificate certificate, SettingsStore store, String softwareVersion,
         Function<String, CloudProvider> clouds) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.identity = new NodeIdentity(config.nodeName(), config.haMode(), config.preferred(), softwareVersion,
                config.healthCheckPort());
        settings = new SettingsService(vertx.createSharedWorkerExecutor("hanode-settings-store", 1), store,
                config.nodeName(), System::currentTimeMillis, SettingsCatalog::claims);
        HeapHeadroom headroom = new HeapHeadroom(vertx, Heap::ofThisJvm, System::currentTimeMillis);
        settings.onMoving(headroom::expected);
        settings.onCommit(docs -> headroom.committed(docs.size()));
        role = new RoleShell(identity, config.timing(), new RoleShell.Effects() {
            @Override
            public void announce() {
                sendHeartbeat();
            }

            @Override
            public void transition(Activity to, TransitionReason reason) {
                metrics.transition(to, reason);
                lastTransition = reason;
                lastTransitionAt = System.currentTimeMillis();
                snmp.transitioned(haView());
            }

            @Override
            public void witnessWishChanged() {
                if (witness != null) {
                    witness.nudge();
                }
            }
        });
        witness = config.witness().type() == WitnessType.NONE ? null : new WitnessKeeper(vertx, config.witness(),
                role::wantsWitnessLease, state -> role.handle(new RoleEvent.WitnessChanged(state)));
        if (config.haMode().haEnabled()) {
            pairing = new PartnerTrust(Fingerprint.of(certificate.fingerprint()), config.partnerFingerprints(),
                    config.dataDir(), System::currentTimeMillis);
            link = new PeerLink(vertx, new PeerLink.Endpoints(config.primaryAddress(), config.peerPort(),
                    config.partner(), config.partnerPeerPort(), config.partnerName()), config.pairingSecret(),
                    config.pairingSecretPrevious(),
                    certificate, pairing, peerEvents());
            sync = new SyncService(vertx, settings, () -> link, new SyncService.Identity(softwareVersion,
                    SettingsStore.SCHEMA_VERSION, config.primaryAddress(), config.partner()),
                    SettingsCatalog.syncedPaths(), SettingsCatalog.geoSharedPaths(), SettingsCatalog::onReceipt);
            settings.onLocalCommit(sync::push);
            heartbeats = new Heartbeats(link, role::ownReport);
        } else {
            pairing = null;
            link = null;
            sync = null;
            heartbeats = null;
        }
        geo = new GeoNode(vertx, config, settings, role::pairState, new GeoNode.Identity(softwareVersion,
                SettingsStore.SCHEMA_VERSION, this::partnerName, () -> {
                    if (sync != null) {
                        sync.compareNow("GEO partner update");
                    }
                }));
        metrics = new NodeMetrics(identity, role::activity, link == null ? null : link.stats(), geo.dnsStats(),
                witness);
        if (pairing != null) {
            metrics.pairing(pairing);
        }
        syslog = new SyslogForwarder(settings, new Rfc5424.Sender(config.nodeName(), "hanode",
                ProcessHandle.current().pid(), "ha-pair", softwareVersion), metrics::syslogTargets);
        chrony = new ChronyKeeper(settings, config.chrony(), System::currentTimeMillis);
        metrics.clock(chrony::clockState, chrony::sourcesApplied);
        naming = new NamingKeeper(settings, config.naming(), config.hostNetworkApplied());
        snmp = new SnmpAgent(settings, new SnmpAgent.Identity(config.primaryAddress(), config.nodeName(),
                softwareVersion), System::currentTimeMillis);
        metrics.snmp(snmp.counts(), snmp::asStored);
        network = new NetworkCommits(vertx, context, settings, new NetworkHost(vertx.createSharedWorkerExecutor(
                "hanode-network", 1), List.of(config.ip()), List.of(config.ethtool())), role::status,
                new NetworkCommits.Options(config.hostNetworkApplied(), config.networkConfirmTimeout(),
                        partnerAllowance(config.timing()), config.dataDir().resolve(NETWORK_PENDING_FILE)),
                System::currentTimeMillis);
        health = new HealthCheckServer(config.healthCheckBindAddress(), config.healthCheckPort(), config.haMode(),
                role.gate(), (source, answeredActive) -> {
                    metrics.probe(answeredActive);
                    // An operator's curl gets the same answer but is no sign that the balancer sees this node.
                    if (config.probeSources().counts(source)) {
                        network.probeSeen(System.currentTimeMillis());
                        context.runOnContext(v -> role.handle(new RoleEvent.ProbeSeen(source, answeredActive)));
                    }
                });
        if (sync != null) {
            sync.state().lagWarning(config.health().thresholds().syncLagWarningMillis());
            metrics.sync(sync.state());
        }
        ownHealth = new OwnHealth(vertx, config.dataDir(), config.health().checkEvery(),
                new HealthRules(config.health().thresholds()), new OwnHealth.Sources(chrony::clockState,
                () -> chrony.status().getString("lastError"), certificate.certificate(), settings,
                sync == null ? null : sync.state()), role::handle);
        metrics.health(ownHealth::report);
        maintenance = new Maintenance(vertx, config.dataDir(), role);
        metrics.maintenance(role::inMaintenance);
        selfCheck = !config.selfCheck().on() ? null : new SelfChecker(vertx, config.selfCheck(), config.primaryAddress(),
                s -> role.handle(new RoleEvent.SelfCheckChanged(s.lost(), s.targets(), s.detail())));
        if (selfCheck != null) {
            metrics.selfCheck(selfCheck::states);
        }
        dataPlane = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("hanode-data-plane", 1),
                new DataPlaneHost(config.primaryAddress(), config.dataDir().resolve(DataPlaneHost.DIRECTORY_IN_DATA_DIR)
                        .toAbsolutePath().toString(), reservedPorts(config)), config.haproxy());
        dataPlaneFeed = new DataPlaneFeed(vertx, settings, dataPlane, metrics::dataPlane);
        dataPlane.onHealth(this::dataPlaneHealth);
        balancerCheck = config.balancerCheckTopology() == null ? null : new BalancerCheck(vertx,
                new BalancerCheck.Schedule(config.balancerCheckTopology(), config.balancerCheckInterval(),
                        BALANCER_CHECK_TIMEOUT), clouds, this::balancerPorts, metrics::balancerCheckRan);
        if (balancerCheck != null) {
            metrics.balancerCheck(balancerCheck::report);
        }
        capture = new PacketCapture(vertx, context, config.tcpdump(), config.dataDir().resolve(CAPTURE_DIRECTORY),
                config.nodeName(), CAPTURE_KEEP, System::currentTimeMillis);
        api = new ApiServer(vertx, context, config, certificate, new NodeControl(role::started,
                () -> StatusJson.of(role.status(), config, peerStats()).put("witness", witnessStatus())
                        .put("balancer", BalancerCheck.status(balancerCheck)).put("clock", chrony.status())
                        .put("health", ownHealth.status())
                        .put("selfCheck", selfCheck == null ? null : selfCheck.status())
                        .put("pairing", pairing == null ? null : pairing.status()),
                role::switchover, role::refusesSyncedWrites,
                () -> dataPlaneFeed.observe().map(v -> metrics.scrape()), maintenance::status, maintenance::request),
                settings, sync, geo.endpoints(),
                new DataPlaneRoutes(dataPlane, dataPlaneFeed),
                dataPlaneFeed::refusals, new HostRoutes(network, List.of(network::readings, naming::readings,
                        chrony::readings, syslog::readings, snmp::readings)), metrics, new CaptureRoutes(capture),
                pairing);
    }

    /** The peer link's events, each to the parts that act on it. */
    private PeerTransport.Listener peerEvents() {
        return new PeerTransport.Listener() {
            @Override
            public void heartbeat(Heartbeat hb) {
                heartbeats.received(hb);
                sync.partnerSoftware(hb.report().softwareVersion());
                role.handle(new RoleEvent.HeartbeatReceived(hb.report(), hb.echoSentAt()));
            }

            @Override
            public void message(String type, String body) {
                sync.receive(type, body);
            }

            @Override
            public void handshakePending(boolean pending) {
                role.handle(new RoleEvent.PeerHandshake(pending));
            }

            @Override
            public void connected() {
                sendHeartbeat();
                sync.compareNow("reconnect");
            }

            @Override
            public void linkLost(String cause) {
                sync.linkLost(cause);
                role.handle(new RoleEvent.PartnerLinkLost(cause));
            }

            @Override
            public void partnerGone(String cause) {
                sync.linkLost(cause);
                role.handle(new RoleEvent.PartnerProcessGone(cause));
            }
        };
    }

    /**
     * Starts the servers, then the role machine, then the timers. Runs on the node's event loop. The servers
     * start side by side, HAProxy's taking longest: none answers for the node before the role machine has
     * begun (the health check 503, the API "node is starting"), and GEO DNS answers by the pair's state.
     * The data plane's start is asked for last, so that none of the others can throw once HAProxy runs.
     */
    Future<Void> start() {
        return Future.join(List.of(vertx.deployVerticle(syslog), vertx.deployVerticle(chrony),
                        vertx.deployVerticle(naming), vertx.deployVerticle(snmp), vertx.deployVerticle(health),
                        api.start(), geo.start(), dataPlaneFeed.start(), network.start(), capture.start()))
                .compose(v -> {
                    role.begin();
                    if (witness != null) {
                        witness.start();
                    }
                    dataPlaneHealth(dataPlane.health());
                    return maintenance.restore();
                })
                .compose(v -> link == null ? Future.<Void>succeededFuture() : link.start())
                // A port it cannot serve stops the start; HAProxy must not outlive it (join waits for its start).
                .recover(failed -> dataPlane.stop(Duration.ZERO).transform(v -> Future.<Void>failedFuture(failed)))
                .onSuccess(v -> {
                    role.handle(new RoleEvent.ServersListening());
                    long tick = Math.max(10, config.timing().heartbeatInterval().toMillis() / 4);
                    vertx.setPeriodic(tick, t -> role.handle(new RoleEvent.Tick()));
                    vertx.setPeriodic(config.timing().heartbeatInterval().toMillis(), t -> sendHeartbeat());
                    ownHealth.start();
                    if (selfCheck != null) {
                        selfCheck.start();
                    }
                    snmp.observe(haView());
                    vertx.setPeriodic(SNMP_OBSERVE_EVERY.toMillis(), t -> snmp.observe(haView()));
                    if (sync != null) {
                        vertx.setPeriodic(SNMP_CONFLICTS_EVERY.toMillis(), t -> settings.conflicts()
                                .onSuccess(c -> openConflicts = c.size()));
                    }
                    if (balancerCheck != null) {
                        balancerCheck.start();
                    }
                    if (sync != null) {
                        sync.start(config.antiEntropyInterval().toMillis());
                    }
                    LOG.info("node: {} started as {} ({}); health check on {}:{}, peer link on {}:{}, API on https://{}:{}",
                            identity.nodeName(), identity.mode().key(), config.preferred().key(),
                            config.healthCheckBindAddress(), config.healthCheckPort(), config.primaryAddress(),
                            config.peerPort(), config.primaryAddress(), config.apiPort());
                })
                .mapEmpty();
    }

    /**
     * Stops the peer link, the witness and the data plane, the last once the shutdown drain has let its
     * connections finish; the servers deployed from the node's verticle are undeployed with it.
     */
    Future<Void> stop() {
        Future<Void> l = link == null ? Future.succeededFuture() : link.stop();
        Future<Void> w = witness == null ? Future.succeededFuture() : witness.stop();
        if (balancerCheck != null) {
            balancerCheck.stop();
        }
        capture.stop();
        if (selfCheck != null) {
            selfCheck.stop();
        }
        return Future.all(l, w).eventually(() -> dataPlane.stop(DATA_PLANE_STOP_DRAIN)).mapEmpty();
    }

    /**
     * A data plane that does not run carries no traffic: the node must not stay (or become) the active one.
     * Stopped is only ever this node's own doing, on its way out, and no fault.
     */
    private void dataPlaneHealth(DataPlaneHealth health) {
        if (health.state() != DataPlaneHealth.State.STOPPED) {
            ownHealth.dataPlane(health.running(), health.reason());
        }
    }

    /**
     * How long the partner may go unheard after a network change before the change counts as having cut it off: six
     * heartbeats, and no more than three quarters of its suspect-after (300 ms by default), so that the change is
     * undone (a few hundred milliseconds more) before the partner's dead-after would make it take over, while a few
     * heartbeats late under load do not undo it.
     */
    private static Duration partnerAllowance(RoleTiming timing) {
        Duration sixHeartbeats = timing.heartbeatInterval().multipliedBy(6);
        Duration mostOfSuspect = timing.suspectAfter().multipliedBy(3).dividedBy(4);
        return sixHeartbeats.compareTo(mostOfSuspect) > 0 ? mostOfSuspect : sixHeartbeats;
    }

    /** The ports this node's own servers hold on its address: a virtual service cannot listen there too. */
    private static Map<Integer, String> reservedPorts(NodeConfig config) {
        Map<Integer, String> ports = new HashMap<>();
        ports.put(config.healthCheckPort(), "the health check");
        ports.put(config.peerPort(), "the peer link");
        ports.put(config.apiPort(), "the node's API and web UI");
        if (config.dnsAddress().equals(config.primaryAddress())) {
            ports.put(config.dnsPort(), "the GEO DNS server");
        }
        return ports;
    }

    /**
     * What the balancer self-check tells diagnose about this pair, as {@code --from-node} would: this node's
     * health-check port, the partner's as its heartbeats report it, and the virtual services' ports.
     */
    private BalancerCheck.NodePorts balancerPorts() {
        Map<String, Integer> checkPorts = new HashMap<>();
        checkPorts.put(config.primaryAddress(), config.healthCheckPort());
        RoleStatus status = role.status();
        if (config.partner() != null && status.partner() != null && status.partnerLiveness().heard()) {
            checkPorts.put(config.partner(), status.partner().checkPort());
        }
        return BalancerCheck.NodePorts.of(checkPorts, dataPlaneFeed.services(), snmp.answeringPort());
    }

    /** The HA state the SNMP agent serves and its notifications carry; on the node's event loop. */
    private HaView haView() {
        RoleStatus s = role.status();
        boolean ha = config.haMode().haEnabled();
        return new HaView(identity.nodeName(), identity.mode().key(), s.activity() == Activity.ACTIVE,
                s.partner() == null ? null : s.partner().nodeName(), ha ? s.partnerLiveness() : null,
                sync == null ? null : sync.state().summary(openConflicts),
                lastTransition == null ? null : lastTransition.tag(), lastTransitionAt);
    }

    /** Completes with the drain flag once the state machine allows the process to exit. */
    Future<Boolean> exitRequested() {
        return role.exitRequested();
    }

    /** From any thread: asks the state machine to hand over (when active) and let the process exit. */
    void requestShutdown() {
        context.runOnContext(v -> role.handle(new RoleEvent.ShutdownRequested()));
    }

    private void sendHeartbeat() {
        if (heartbeats != null) {
            heartbeats.send();
        }
    }

    /** The status API's witness block: its type alone without one. */
    private JsonObject witnessStatus() {
        return witness == null ? new JsonObject().put("type", WitnessType.NONE.key()) : witness.status();
    }

    private String partnerName() {
        return heartbeats == null ? null : heartbeats.partnerName();
    }

    private PeerStats peerStats() {
        return link == null ? null : link.stats();
    }
}
