package io.hapair.node.sync;

/** What the sync status API shows: last push and comparison, lag, pending changes, conflicts, refusals. */
public final class SyncState {

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

    void localChanges(int n) {
        localChanges += n;
    }

    void pushed(int n, int pendingNow) {
        lastPushAt = System.currentTimeMillis();
        pendingChanges = pendingNow;
    }

    void unsent(int n) {
        unsentChanges += n;
    }

    void acked(long lag, int pendingNow) {
        lagMillis = lag;
        pendingChanges = pendingNow;
    }

    /** Pushes that will not be acknowledged (link lost, partner refused): no longer pending, and why. */
    void unacknowledged(int n, String why) {
        pendingChanges = 0;
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

    public long lastPushAt() {
        return lastPushAt;
    }

    public long lastReceiveAt() {
        return lastReceiveAt;
    }

    public long lastComparisonStartedAt() {
        return lastComparisonStartedAt;
    }

    public long lastComparisonDoneAt() {
        return lastComparisonDoneAt;
    }

    public String lastComparisonReason() {
        return lastComparisonReason;
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

    public long localChanges() {
        return localChanges;
    }

    public long receivedChanges() {
        return receivedChanges;
    }

    /** Documents received from the partner, changed or not: what travelled, for spotting double sends. */
    public long receivedDocuments() {
        return receivedDocuments;
    }

    public long conflictsDetected() {
        return conflictsDetected;
    }

    public long malformedMessages() {
        return malformed;
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

    public long lastUnacknowledgedAt() {
        return lastUnacknowledgedAt;
    }

    /** The one-word state the status API and the WUI show. */
    public String summary(int openConflicts) {
        return refusal != null || partnerRefusal != null ? "refused"
                : pendingChanges > 0 || unsentChanges > 0 ? "pending"
                : openConflicts > 0 ? "conflicts" : "in sync";
    }
}
