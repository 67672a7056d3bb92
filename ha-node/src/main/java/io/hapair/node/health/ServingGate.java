package io.hapair.node.health;

import io.hapair.node.role.Activity;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the health check answers, written by the role loop and read on the health check's own event
 * loop: the role loop's activity, but only while that loop keeps running. A node whose role loop
 * stalls (GC, swap, hostile load on its event loop) cannot tell its partner it is alive, so the
 * partner will take over; its health check must not keep answering 200 meanwhile.
 */
public final class ServingGate {

    private final long staleAfterNanos;
    private final LongSupplier nanoClock;
    private volatile Activity activity = Activity.STANDBY;
    private volatile long ranAt;

    /**
     * @param staleAfter how long after the role loop's last run the gate answers standby
     * @param nanoClock  monotonic nanoseconds ({@link System#nanoTime} outside tests): a wall-clock step
     *                   must neither fence a running node nor unfence a stalled one
     */
    public ServingGate(Duration staleAfter, LongSupplier nanoClock) {
        this.staleAfterNanos = staleAfter.toNanos();
        this.nanoClock = nanoClock;
        // Stale until the role loop first runs.
        this.ranAt = nanoClock.getAsLong() - staleAfterNanos - 1;
    }

    /** The gate's monotonic time: the role loop reads it as it starts deciding, for {@link #ran}. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /**
     * The role loop decided {@code activity} from what it knew at {@code decidedAt} ({@link #now}). Called on the
     * role loop only. The gate counts from the decision, not from its publication: a process stopped between the two
     * (SIGSTOP, a long pause) publishes a decision made before the stall, which must not open the gate after it.
     */
    public void ran(Activity activity, long decidedAt) {
        // Activity first: a reader that sees the new run time also sees the activity decided with it.
        this.activity = activity;
        this.ranAt = decidedAt;
    }

    /** Whether the health check answers 200 now. Any thread. */
    public boolean active() {
        long last = ranAt;
        return activity == Activity.ACTIVE && nanoClock.getAsLong() - last <= staleAfterNanos;
    }
}
