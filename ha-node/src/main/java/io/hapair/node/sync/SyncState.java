package io.hapair.node.sync;

import io.vertx.core.json.JsonObject;

/**
 * How replication with one partner goes, whatever the channel (the pair's partner, a GEO partner):
 * last push and comparison, lag, pending changes, conflicts, refusals, and how the last exchange went.
 */
public final class SyncState {

    /** How the last exchange with the partner went: an outcome such as "in sync", or an error. */
    public record Exchange(String outcome, long at, String error) {
    }

    private volatile long lastPushAt = -1;
    private volatile long lastReceiveAt = -1;
    private volatile long lastComparisonStartedAt = -1;
    private volatile long lastComparisonDoneAt = -1;
    private volatile String lastComparisonReason;
    private volatile long lagMillis = -1;
    private volatile int pendingChanges;
    private volatile int unsentChanges;
    private volatile long localChanges;
    private volatile long receivedChanges;
    private volatile long receivedDocuments;
    private volatile long conflictsDetected;
    private volatile long malformed;
    private volatile String refusal;
    private volatile String partnerRefusal;
    private volatile int lastSent;
    private volatile int lastWanted;
    private volatile int lastUnacknowledged;
    private volatile String lastUnacknowledgedReason;
    private volatile long lastUnacknowledgedAt = -1;
    private volatile Exchange lastExchange;
    private volatile long lastSuccessAt = -1;
    // When the oldest change the partner has not acknowledged (pending or unsent) was sent or first failed to be; -1
    // while there is none. What hanode_sync_lag_seconds measures from.
    private volatile long unacknowledgedSince = -1;
    // From this sync lag on, the state is "warning"; no channel warns until told a threshold.
    private volatile long lagWarningMillis = Long.MAX_VALUE;

    void localChanges(int n) {
        localChanges += n;
    }

    void pushed(int pendingNow) {
        lastPushAt = System.currentTimeMillis();
        pendingChanges = pendingNow;
        outstandingChanged(lastPushAt);
    }

    /** Pushes the partner declined without fault (a standby's): no longer pending, and not unsent either. */
    void pending(int now) {
        pendingChanges = now;
        outstandingChanged(System.currentTimeMillis());
    }

    void unsent(int n) {
        unsentChanges += n;
        outstandingChanged(System.currentTimeMillis());
    }

    /**
     * The partner acknowledged a batch after {@code lag} ms; {@code oldestPendingSentAt} is when the oldest batch still
     * pending was sent (-1: none), from which the sync lag counts when no change is unsent.
     */
    void acked(long lag, int pendingNow, long oldestPendingSentAt) {
        lagMillis = lag;
        pendingChanges = pendingNow;
        if (unsentChanges == 0 && oldestPendingSentAt > 0) {
            unacknowledgedSince = oldestPendingSentAt;
        }
        outstandingChanged(System.currentTimeMillis());
    }

    /** Starts (at {@code now}) or ends the time the sync lag counts, as changes become or stop being outstanding. */
    private void outstandingChanged(long now) {
        if (pendingChanges == 0 && unsentChanges == 0) {
            unacknowledgedSince = -1;
        } else if (unacknowledgedSince < 0) {
            unacknowledgedSince = now;
        }
    }

    /** From this sync lag on, {@link #state} says "warning" (sync-lag-warning). */
    public void lagWarning(long millis) {
        lagWarningMillis = millis;
    }

    /** The age at {@code now} of the oldest change the partner has not acknowledged; 0 when none is outstanding. */
    public long syncLagMillis(long now) {
        long since = unacknowledgedSince;
        return since < 0 ? 0 : Math.max(0, now - since);
    }

    /** Pushes that will not be acknowledged (link lost, partner refused): no longer pending, and why. */
    void unacknowledged(int n, String why, int pendingNow) {
        pendingChanges = pendingNow;
        outstandingChanged(System.currentTimeMillis());
        lastUnacknowledged = n;
        lastUnacknowledgedReason = why;
        lastUnacknowledgedAt = System.currentTimeMillis();
    }

    void received(int applied, int kept, int conflicts) {
        lastReceiveAt = System.currentTimeMillis();
        receivedChanges += applied;
        receivedDocuments += applied + kept;
        conflictsDetected += conflicts;
    }

    void comparisonStarted(String why) {
        lastComparisonStartedAt = System.currentTimeMillis();
        lastComparisonReason = why;
    }

    void comparisonDone(int sent, int wanted) {
        lastComparisonDoneAt = System.currentTimeMillis();
        lastSent = sent;
        lastWanted = wanted;
        unsentChanges = 0;
        outstandingChanged(lastComparisonDoneAt);
    }

    void malformed() {
        malformed++;
    }

    void refusal(String why) {
        refusal = why;
    }

    /** Why this node does not take settings from the partner, or null. */
    public String refusal() {
        return refusal;
    }

    void partnerRefusal(String why) {
        partnerRefusal = why;
    }

    /** Why the partner said it does not take our settings, or null. */
    public String partnerRefusal() {
        return partnerRefusal;
    }

    public long lastComparisonDoneAt() {
        return lastComparisonDoneAt;
    }

    public long lagMillis() {
        return lagMillis;
    }

    public int pendingChanges() {
        return pendingChanges;
    }

    public int unsentChanges() {
        return unsentChanges;
    }

    /** Documents received from the partner, changed or not: what travelled, for spotting double sends. */
    public long receivedDocuments() {
        return receivedDocuments;
    }

    public int lastComparisonSent() {
        return lastSent;
    }

    public int lastComparisonWanted() {
        return lastWanted;
    }

    /** Changes of the last pushes dropped unacknowledged; see {@link #lastUnacknowledgedReason()}. */
    public int lastUnacknowledged() {
        return lastUnacknowledged;
    }

    public String lastUnacknowledgedReason() {
        return lastUnacknowledgedReason;
    }

    void exchanged(String outcome) {
        long now = System.currentTimeMillis();
        lastExchange = new Exchange(outcome, now, null);
        lastSuccessAt = now;
    }

    void exchangeFailed(String error) {
        lastExchange = new Exchange("failed", System.currentTimeMillis(), error);
    }

    /** Null before the first exchange. */
    public Exchange lastExchange() {
        return lastExchange;
    }

    public long lastSuccessAt() {
        return lastSuccessAt;
    }

    /** The counters, as the status endpoints show them. */
    public JsonObject counters() {
        return new JsonObject().put("lastPushAt", lastPushAt).put("lastReceiveAt", lastReceiveAt)
                .put("lastFullComparison", new JsonObject().put("startedAt", lastComparisonStartedAt)
                        .put("doneAt", lastComparisonDoneAt).put("reason", lastComparisonReason)
                        .put("sent", lastSent).put("wanted", lastWanted))
                .put("lagMillis", lagMillis).put("pendingChanges", pendingChanges)
                .put("unsentChanges", unsentChanges)
                .put("lastUnacknowledged", new JsonObject().put("changes", lastUnacknowledged)
                        .put("reason", lastUnacknowledgedReason).put("at", lastUnacknowledgedAt))
                .put("localChanges", localChanges)
                .put("receivedChanges", receivedChanges).put("receivedDocuments", receivedDocuments)
                .put("conflictsDetected", conflictsDetected)
                .put("malformedMessages", malformed)
                .put("refusal", refusal).put("partnerRefusal", partnerRefusal);
    }

    /**
     * The state the sync status API and the WUI's top bar show: the {@link #summary}, or "warning" instead of pending
     * while the partner has not acknowledged a change for sync-lag-warning or longer.
     */
    public String state(int openConflicts) {
        String summary = summary(openConflicts);
        return !summary.equals("refused") && syncLagMillis(System.currentTimeMillis()) >= lagWarningMillis ? "warning"
                : summary;
    }

    /** The one-word state SNMP and the status API show: "in sync", "pending", "conflicts" or "refused". */
    public String summary(int openConflicts) {
        return refusal != null || partnerRefusal != null ? "refused"
                : pendingChanges > 0 || unsentChanges > 0 ? "pending"
                : openConflicts > 0 ? "conflicts" : "in sync";
    }
}
