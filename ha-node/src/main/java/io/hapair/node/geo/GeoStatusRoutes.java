package io.hapair.node.geo;

import io.hapair.geo.CheckVerdict;
import io.hapair.geo.GeoCheck;
import io.hapair.geo.GeoCluster;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.settings.SettingsCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/geo/status}: every GEO cluster as this node answers it, for operators: its type
 * and address, whether it is up, the address answered for it now, and why. Default clusters add their
 * check, since when their verdict holds and the last check's error; remote ones the last poll's error.
 */
public final class GeoStatusRoutes {

    private final Supplier<Collection<GeoCluster>> clusters;
    private final PairHealth health;
    private final ClusterChecker checker;
    private final RemoteClusterPoller remote;

    public GeoStatusRoutes(Supplier<Collection<GeoCluster>> clusters, PairHealth health, ClusterChecker checker,
                           RemoteClusterPoller remote) {
        this.clusters = clusters;
        this.health = health;
        this.checker = checker;
        this.remote = remote;
    }

    void status(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        clusters.get().stream().sorted(Comparator.comparing(GeoCluster::name)).map(this::cluster).forEach(list::add);
        JsonAnswer.send(ctx, 200, new JsonObject().put("clusters", list));
    }

    private JsonObject cluster(GeoCluster cluster) {
        Optional<String> serving = health.servingAddress(cluster);
        JsonObject json = new JsonObject().put("name", cluster.name())
                .put("type", cluster.type().name().toLowerCase(Locale.ROOT)).put("address", cluster.address())
                .put("up", serving.isPresent()).put("servingAddress", serving.orElse(null));
        if (health.thisUnit(cluster)) {
            return json.put("reason", serving.isPresent() ? "this unit, answered at its active node"
                    : "this unit, and no node of the pair is active");
        }
        if (cluster.type() == GeoCluster.Type.REMOTE) {
            Optional<RemoteClusterPoller.Observed> polled = remote.observed(cluster);
            return json.put("lastError", polled.map(RemoteClusterPoller.Observed::error).orElse(null))
                    .put("reason", polled.isEmpty() ? "not polled yet, counts as up"
                            : !polled.get().up() ? "down: " + polled.get().error()
                            : polled.get().error() == null ? "its GEO health API says up"
                            : "up, but the last poll failed: " + polled.get().error());
        }
        GeoCheck check = cluster.check();
        json.put("check", new JsonObject(SettingsCodec.toJson(check))); // as stored, defaults filled
        if (!check.active()) {
            return json.put("reason", "check type none, always up");
        }
        Optional<CheckVerdict> verdict = checker.verdict(cluster).filter(CheckVerdict::checked);
        if (verdict.isEmpty()) {
            return json.put("reason", "not checked yet, counts as up");
        }
        CheckVerdict now = verdict.get();
        return json.put("since", now.since().toString()).put("lastError", now.lastError())
                .put("reason", now.up() ? (now.lastError() == null ? "check passed" : "up, but the last check failed")
                        : "down: " + now.lastError());
    }
}
