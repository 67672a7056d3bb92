package io.hapair.node.geo;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.sync.Replication;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * GEO on one node, assembled in one place: the pair's health, remote cluster polling, default cluster
 * checks, the DNS server, the health endpoint that other units poll, the status for operators, and
 * sharing GEO settings with GEO partners.
 */
public final class GeoNode {

    /**
     * Who this node is to its GEO partners.
     *
     * @param partnerName the pair partner's node name as its heartbeats say; null while unknown
     * @param pairSync asks the pair's own sync to compare now: GEO settings received from a GEO partner
     *     reach the pair's standby at once
     */
    public record Identity(String software, int schema, Supplier<String> partnerName, Runnable pairSync) {
    }

    /**
     * The GEO calls of the API, for its route table: health for pollers, status for operators, and
     * sharing between GEO partners (offer, documents, and how this node's own sending goes).
     */
    public record Endpoints(Handler<RoutingContext> health, Handler<RoutingContext> status,
                            Handler<RoutingContext> syncOffer, Handler<RoutingContext> syncDocuments,
                            Handler<RoutingContext> syncStatus) {
    }

    private final NodeConfig config;
    private final GeoDns dns;
    private final PairHealth health;
    private final RemoteClusterPoller remote;
    private final ClusterChecker checker;
    private final GeoHealthRoutes healthRoutes;
    private final GeoPartnerSync partnerSync;
    private final GeoPartnerRoutes partnerRoutes;
    private final GeoStatusRoutes statusRoutes;

    public GeoNode(Vertx vertx, NodeConfig config, SettingsService settings, Supplier<PairHealth.PairState> pair,
                   Identity identity) {
        this.config = config;
        // Units of one GEO deployment share the API port and the password of user bal.
        WebClient units = unitsClient(vertx, config);
        this.remote = new RemoteClusterPoller(vertx, units, config.apiPort(), config.adminPassword(),
                config.geoPollTimeout());
        this.checker = new ClusterChecker(vertx, config.primaryAddress(), config.geoPollTimeout(), Clock.systemUTC());
        this.health = new PairHealth(config.primaryAddress(), config.partner(), pair, remote::servingAddress,
                checker::servingAddress);
        this.dns = new GeoDns(vertx, settings, health);
        this.healthRoutes = new GeoHealthRoutes(settings, health, config.primaryAddress(), config.partner());
        this.statusRoutes = new GeoStatusRoutes(dns::clusters, health, checker, remote);
        UnitForm form = UnitForm.of(config);
        GeoPartnerMessage.Sender self = new GeoPartnerMessage.Sender(config.nodeName(), form.unitAddress(),
                identity.software(), identity.schema());
        Replication sharing = new Replication(settings, GeoPartnerSync.policy(form));
        this.partnerSync = new GeoPartnerSync(vertx, units, settings, sharing, self, () -> pair.get().selfActive(),
                config.primaryAddress(), config.partner(), config.apiPort(), config.adminPassword());
        this.partnerRoutes = new GeoPartnerRoutes(sharing, settings, self, identity.partnerName(),
                () -> pair.get().selfActive(), identity.pairSync(), partnerSync::status, partnerSync::stateOf);
    }

    /**
     * One client for other units' APIs (health polls, GEO settings sharing), sent from the primary address,
     * the one their remote GEO access lists name. Units have self-signed API certificates; the access list
     * and the password guard the exchange.
     */
    static WebClient unitsClient(Vertx vertx, NodeConfig config) {
        return WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) config.geoPollTimeout().toMillis()).setLocalAddress(config.primaryAddress()));
    }

    /** Starts polling, checking and sharing, and serves DNS; fails when the DNS port cannot be bound. */
    public Future<Void> start() {
        remote.start(config.geoPollInterval(), dns::clusters);
        partnerSync.start(config.geoSyncInterval());
        // This unit's own address is answered by the pair's state, never by a check.
        checker.start(config.geoPollInterval(),
                () -> dns.clusters().stream().filter(c -> !health.thisUnit(c)).toList());
        return dns.start(config.dnsAddress(), config.dnsPort(), config.dnsReceiveBuffer());
    }

    public Endpoints endpoints() {
        return new Endpoints(healthRoutes::health, statusRoutes::status, partnerRoutes::receiveOffer,
                partnerRoutes::receiveDocuments, partnerRoutes::status);
    }

    public DnsStats dnsStats() {
        return dns.stats();
    }
}
