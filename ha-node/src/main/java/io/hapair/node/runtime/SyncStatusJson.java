package io.hapair.node.runtime;

import io.hapair.node.sync.SyncService;
import io.vertx.core.json.JsonObject;

/** The body of {@code GET /api/v1/sync/status}. */
final class SyncStatusJson {

    private SyncStatusJson() {
    }

    static JsonObject of(SyncService sync, int openConflicts) {
        if (sync == null) {
            return new JsonObject().put("enabled", false).put("reason", "HA is off: no partner to sync with");
        }
        return new JsonObject().put("enabled", true).put("state", sync.state().state(openConflicts))
                .put("partnerReachable", sync.partnerReachable())
                .mergeIn(sync.state().counters()).put("openConflicts", openConflicts)
                .put("syncLagSeconds", sync.state().syncLagMillis(System.currentTimeMillis()) / 1000.0);
    }
}
