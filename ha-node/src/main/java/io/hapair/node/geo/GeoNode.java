package io.hapair.node.geo;

import io.hapair.node.config.NodeConfig;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * GEO on one node, assembled in one place: the pair's health, remote cluster polling, the DNS server
 * and the health endpoint that other units poll.
 */
public final class GeoNode {

    private final NodeConfig config;
    private final GeoDns dns;
    private final RemoteClusterPoller remote;
    private final GeoHealthRoutes healthRoutes;

    public GeoNode(Vertx vertx, NodeConfig config, SettingsService settings, Supplier<PairHealth.PairState> pair) {
        this.config = config;
        // Units of one GEO deployment share the API port and the password of user bal.
        this.remote = new RemoteClusterPoller(vertx, config.primaryAddress(), config.apiPort(), config.adminPassword(), config.geoPollTimeout());
        PairHealth health = new PairHealth(config.primaryAddress(), config.partner(), pair, remote::servingAddress);
        this.dns = new GeoDns(vertx, settings, health);
        this.healthRoutes = new GeoHealthRoutes(settings, health, config.primaryAddress(), config.partner());
    }

    /** Serves DNS and starts polling; never fails (a DNS port it cannot bind is logged with the fix). */
    public Future<Void> start() {
        remote.start(config.geoPollInterval(), dns::clusters);
        return dns.start(config.dnsAddress(), config.dnsPort());
    }

    public GeoHealthRoutes healthRoutes() {
        return healthRoutes;
    }

    public DnsStats dnsStats() {
        return dns.stats();
    }
}
