package io.hapair.node.geo;

import io.hapair.geo.CheckVerdict;
import io.hapair.geo.GeoCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every {@code remote} GEO cluster for its health over its API ({@link GeoHealthRoutes}), every
 * poll interval. A cluster that is an HA pair names its partner in each answer; when the configured
 * address stops answering, the partner is asked, so the pair stays up at its slave after a failover.
 */
public final class RemoteClusterPoller {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteClusterPoller.class);

    /** What the last poll of a cluster said: up at {@code address}, or down and why. */
    record Observed(boolean up, String address, String partner, String error, int unreachable) {

        Observed(boolean up, String address, String partner, String error) {
            this(up, address, partner, error, 0);
        }
    }

    private final Vertx vertx;
    private final WebClient client;
    private final int apiPort;
    private final String password;
    private final Duration timeout;
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();

    /**
     * @param client for other units' APIs ({@link GeoNode#unitsClient})
     * @param apiPort the remote units' API port (the same on every unit of a deployment)
     * @param password of user {@code bal} on the remote units
     */
    public RemoteClusterPoller(Vertx vertx, WebClient client, int apiPort, String password, Duration timeout) {
        this.vertx = vertx;
        this.client = client;
        this.apiPort = apiPort;
        this.password = password;
        this.timeout = timeout;
    }

    public void start(Duration interval, Supplier<Collection<GeoCluster>> clusters) {
        vertx.setPeriodic(0, interval.toMillis(), t -> clusters.get().stream()
                .filter(c -> c.type() == GeoCluster.Type.REMOTE).forEach(this::poll));
    }

    /** What the last poll of {@code cluster} said; empty before the first. */
    Optional<Observed> observed(GeoCluster cluster) {
        return Optional.ofNullable(observed.get(cluster.name()));
    }

    /** Where a remote cluster is served now; a cluster not polled yet counts as up at its address. */
    public Optional<String> servingAddress(GeoCluster cluster) {
        Observed last = observed.get(cluster.name());
        if (last == null) {
            return Optional.of(cluster.address());
        }
        return last.up() ? Optional.of(last.address()) : Optional.empty();
    }

    private void poll(GeoCluster cluster) {
        Observed last = observed.get(cluster.name());
        String partner = last == null ? null : last.partner();
        ask(cluster.address())
                // The partner names the cluster's own address as its partner; keep asking the partner next time.
                .recover(e -> partner != null
                        ? ask(partner).map(o -> new Observed(o.up(), o.address(), partner, o.error()))
                        : Future.failedFuture(e))
                .onSuccess(now -> record(cluster, now, now.up() ? "up, served by " + now.address()
                        : "down: " + now.error()))
                .onFailure(e -> {
                    Observed now = unreachable(cluster, last, partner, e.getMessage());
                    record(cluster, now, (now.up() ? "not reached, still counted up: " : "down: ") + e.getMessage());
                });
    }

    /**
     * A poll that reached neither address. An up unit goes down only after {@link CheckVerdict#DEFAULT_FALL}
     * such polls in a row, as a checked site does: one lost packet or slow answer does not move DNS. A
     * unit that answers that it is down is down at once; it knows.
     */
    static Observed unreachable(GeoCluster cluster, Observed last, String partner, String error) {
        int inARow = last == null ? 1 : last.unreachable() + 1;
        boolean wasUp = last == null || last.up();
        if (wasUp && inARow < CheckVerdict.DEFAULT_FALL) {
            return new Observed(true, last == null ? cluster.address() : last.address(), partner, error, inARow);
        }
        return new Observed(false, null, partner, error, inARow);
    }

    private Future<Observed> ask(String address) {
        return client.get(apiPort, address, GeoHealthRoutes.PATH).basicAuthentication("bal", password)
                .timeout(timeout.toMillis()).send()
                .compose(r -> {
                    if (r.statusCode() != 200) {
                        return Future.failedFuture(address + " answered " + r.statusCode() + ": " + r.bodyAsString());
                    }
                    JsonObject body = r.bodyAsJsonObject();
                    boolean up = body.getBoolean("up", false);
                    return Future.succeededFuture(new Observed(up, body.getString("address"), body.getString("partner"),
                            up ? null : address + " answers that none of its nodes is active"));
                });
    }

    private void record(GeoCluster cluster, Observed now, String why) {
        Observed before = observed.put(cluster.name(), now);
        if (before == null || before.up() != now.up() || !java.util.Objects.equals(before.address(), now.address())) {
            LOG.info("geo: remote cluster {} at {}: {}", cluster.name(), cluster.address(), why);
        }
    }
}
