package io.hapair.node.geo;

import io.hapair.geo.GeoCluster;
import io.hapair.node.http.JsonAnswer;
import io.hapair.node.sync.SettingsService;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /api/v1/geo/health}: this unit's health for the other GEO units that poll it. Behind the
 * API's authentication, and only for addresses in the remote GEO access list; others get 403.
 * The answer names the address that serves the unit now (its active node) and this node's partner,
 * so a poller that only knows the master can still reach the pair after the master is gone.
 */
public final class GeoHealthRoutes {

    public static final String PATH = "/api/v1/geo/health";

    /** This unit's health as its pollers read it. */
    private record Health(boolean up, String address, String partner) {
    }

    private final RemoteAccessList access;
    private final PairHealth health;
    private final String ownAddress;
    private final String partnerAddress;

    public GeoHealthRoutes(SettingsService settings, PairHealth health, String ownAddress, String partnerAddress) {
        this.access = new RemoteAccessList(settings);
        this.health = health;
        this.ownAddress = ownAddress;
        this.partnerAddress = partnerAddress;
    }

    void health(RoutingContext ctx) {
        access.allowedAsker(ctx).onSuccess(asker -> {
            if (asker == null) {
                JsonAnswer.error(ctx, 403, RemoteAccessList.refusal(ctx));
                return;
            }
            Optional<String> serving = health.servingAddress(new GeoCluster("self", ownAddress, GeoCluster.Type.LOCAL,
                    null));
            JsonAnswer.send(ctx, 200, new Health(serving.isPresent(), serving.orElse(null), partnerAddress));
        }).onFailure(ctx::fail);
    }
}
