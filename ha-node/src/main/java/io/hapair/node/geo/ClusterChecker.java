package io.hapair.node.geo;

import io.hapair.geo.CheckVerdict;
import io.hapair.geo.GeoCheck;
import io.hapair.geo.GeoCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@code default} GEO cluster every poll interval, the way a load balancer checks a real
 * server: a TCP connect, or an HTTP(S) GET that must get the expected status. Sent from this node's
 * primary address, like the remote polls, so one firewall rule at the site admits both. Results go
 * through {@link CheckVerdict}'s rise and fall; a change of up or down is logged once.
 *
 * <p>Verdicts are written on the context that started the checker only, and read by the DNS server.
 */
public final class ClusterChecker {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterChecker.class);

    /** A cluster's check as last configured, and what its checks say; a changed check starts over. */
    record Tracked(String address, GeoCheck check, CheckVerdict verdict) {

        boolean checks(GeoCluster cluster) {
            return address.equals(cluster.address()) && check.equals(cluster.check());
        }
    }

    private final Vertx vertx;
    private final NetClient tcp;
    private final WebClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /**
     * @param ownAddress this node's primary address, where checks are sent from
     * @param timeout a check that has not passed within this fails
     */
    public ClusterChecker(Vertx vertx, String ownAddress, Duration timeout, Clock clock) {
        this.vertx = vertx;
        int millis = (int) timeout.toMillis();
        this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(millis).setLocalAddress(ownAddress));
        // A new connection per check, as HAProxy does: a kept-alive one would hide a listener that stopped
        // accepting. A redirect is the status the site answered, not a hint to follow. Any certificate is
        // trusted: a check asks whether the site answers, not who it is.
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(millis)
                .setLocalAddress(ownAddress).setKeepAlive(false).setFollowRedirects(false)
                .setTrustAll(true).setVerifyHost(false));
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Checks {@code clusters}' default ones every {@code interval}, starting now. */
    public void start(Duration interval, Supplier<Collection<GeoCluster>> clusters) {
        vertx.setPeriodic(0, interval.toMillis(), t -> checkAll(clusters.get()));
    }

    /**
     * Where a default cluster is served now: at its address unless its checks say down. A cluster this
     * checker does not check (check type none, not checked yet, a mapping to a bare address) is up.
     */
    public Optional<String> servingAddress(GeoCluster cluster) {
        boolean up = verdict(cluster).map(CheckVerdict::up).orElse(true);
        return up ? Optional.of(cluster.address()) : Optional.empty();
    }

    /** What the checks of {@code cluster}, as it is configured now, say; empty when it is not checked. */
    public Optional<CheckVerdict> verdict(GeoCluster cluster) {
        Tracked now = tracked.get(cluster.name());
        return now != null && now.checks(cluster) ? Optional.of(now.verdict()) : Optional.empty();
    }

    private void checkAll(Collection<GeoCluster> clusters) {
        Map<String, GeoCluster> checked = clusters.stream()
                .filter(c -> c.type() == GeoCluster.Type.DEFAULT && c.check() != null && c.check().active())
                .collect(Collectors.toMap(GeoCluster::name, c -> c));
        Set<String> gone = tracked.keySet().stream().filter(name -> !checked.containsKey(name))
                .collect(Collectors.toSet());
        gone.forEach(tracked::remove);
        for (GeoCluster cluster : checked.values()) {
            Tracked before = tracked.get(cluster.name());
            if (before == null || !before.checks(cluster)) {
                tracked.put(cluster.name(), new Tracked(cluster.address(), cluster.check(), CheckVerdict.UNCHECKED));
            }
            check(cluster.address(), cluster.check()).onComplete(
                    ok -> record(cluster, true, null),
                    e -> record(cluster, false, e.getMessage()));
        }
    }

    private Future<Void> check(String address, GeoCheck check) {
        String target = address + ":" + check.port();
        if (check.type() == GeoCheck.Type.TCP) {
            return tcp.connect(check.port(), address)
                    .recover(e -> Future.failedFuture("tcp " + target + ": " + e.getMessage()))
                    .compose(socket -> socket.close());
        }
        String url = check.type().name().toLowerCase(Locale.ROOT) + "://" + target + check.path();
        return http.get(check.port(), address, check.path()).ssl(check.type() == GeoCheck.Type.HTTPS)
                .timeout(timeout.toMillis()).as(BodyCodec.none()).send()
                .recover(e -> Future.failedFuture("GET " + url + ": " + e.getMessage()))
                .compose(r -> r.statusCode() == check.expectStatus() ? Future.succeededFuture()
                        : Future.failedFuture("GET " + url + " answered " + r.statusCode() + ", expected "
                                + check.expectStatus()));
    }

    private void record(GeoCluster cluster, boolean passed, String error) {
        Tracked before = tracked.get(cluster.name());
        if (before == null || !before.checks(cluster)) {
            return; // removed or changed while the check ran: its result is about a check no longer configured
        }
        CheckVerdict after = before.verdict().after(passed, error, clock.instant());
        tracked.put(cluster.name(), new Tracked(before.address(), before.check(), after));
        if (after.up() != before.verdict().up()) {
            LOG.info("geo: default cluster {} at {} is {}: {}", cluster.name(), cluster.address(),
                    after.up() ? "up" : "down", after.up() ? CheckVerdict.DEFAULT_RISE + " checks passed in a row"
                            : CheckVerdict.DEFAULT_FALL + " checks failed in a row, the last: " + error);
        }
    }
}
