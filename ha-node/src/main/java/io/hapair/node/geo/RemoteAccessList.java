package io.hapair.node.geo;

import io.hapair.geo.IpAddress;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The remote GEO access list: the addresses allowed to ask this unit for GEO health and to send it GEO settings. */
final class RemoteAccessList {

    private final SettingsService settings;

    RemoteAccessList(SettingsService settings) {
        this.settings = settings;
    }

    /** The asker's address when it is in the list, else null. */
    Future<String> allowedAsker(RoutingContext ctx) {
        String asker = IpAddress.canonical(ctx.request().remoteAddress().hostAddress());
        return settings.list(List.of(SettingsType.GEO_REMOTE_ACCESS.apiPath())).map(docs -> docs.stream()
                .map(d -> SettingsCodec.readStored(SettingsType.GEO_REMOTE_ACCESS, d.body()))
                .anyMatch(a -> a != null && asker.equals(a.address())) ? asker : null);
    }

    static String refusal(RoutingContext ctx) {
        return IpAddress.canonical(ctx.request().remoteAddress().hostAddress())
                + " is not in this unit's remote GEO access list; add it with POST /api/v1/"
                + SettingsType.GEO_REMOTE_ACCESS.apiPath();
    }
}
