package io.hapair.node.runtime;

import io.hapair.node.sync.SyncService;
import io.hapair.node.sync.SyncState;
import io.vertx.core.json.JsonObject;

/** The body of {@code GET /api/v1/sync/status}. */
final class SyncStatusJson {

    private SyncStatusJson() {
    }

    static JsonObject of(SyncService sync, int openConflicts) {
        if (sync == null) {
            return new JsonObject().put("enabled", false).put("reason", "HA is off: no partner to sync with");
        }
        SyncState s = sync.state();
        return new JsonObject().put("enabled", true).put("state", s.summary(openConflicts))
                .put("partnerReachable", sync.partnerReachable())
                .put("lastPushAt", s.lastPushAt()).put("lastReceiveAt", s.lastReceiveAt())
                .put("lastFullComparison", new JsonObject().put("startedAt", s.lastComparisonStartedAt())
                        .put("doneAt", s.lastComparisonDoneAt()).put("reason", s.lastComparisonReason())
                        .put("sent", s.lastComparisonSent()).put("wanted", s.lastComparisonWanted()))
                .put("lagMillis", s.lagMillis()).put("pendingChanges", s.pendingChanges())
                .put("unsentChanges", s.unsentChanges())
                .put("lastUnacknowledged", new JsonObject().put("changes", s.lastUnacknowledged())
                        .put("reason", s.lastUnacknowledgedReason()).put("at", s.lastUnacknowledgedAt())).put("localChanges", s.localChanges())
                .put("receivedChanges", s.receivedChanges()).put("receivedDocuments", s.receivedDocuments())
                .put("conflictsDetected", s.conflictsDetected())
                .put("openConflicts", openConflicts)
                .put("malformedMessages", s.malformedMessages())
                .put("refusal", s.refusal()).put("partnerRefusal", s.partnerRefusal());
    }
}
