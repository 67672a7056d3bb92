package io.hapair.node.geo;

import io.hapair.geo.IpAddress;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** The remote GEO access list: the addresses allowed to ask this unit for GEO health and to send it GEO settings. */
final class RemoteAccessList {

    private final SettingsService settings;

    RemoteAccessList(SettingsService settings) {
        this.settings = settings;
    }

    /** The asker's address when it is in the list, else null. */
    Future<String> allowedAsker(RoutingContext ctx) {
        String asker = IpAddress.canonical(ctx.request().remoteAddress().hostAddress());
        return settings.documents(SettingsType.GEO_REMOTE_ACCESS).map(list -> list.stream()
                .anyMatch(a -> asker.equals(a.address())) ? asker : null);
    }

    static String refusal(RoutingContext ctx) {
        return IpAddress.canonical(ctx.request().remoteAddress().hostAddress())
                + " is not in this unit's remote GEO access list; add it with POST /api/v1/"
                + SettingsType.GEO_REMOTE_ACCESS.apiPath();
    }
}
