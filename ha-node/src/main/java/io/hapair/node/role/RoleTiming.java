package io.hapair.node.role;

import java.time.Duration;

/**
 * The timing knobs of the state machine. Defaults are set in the configuration, where each is
 * explained; this record only checks that they fit together.
 *
 * @param heartbeatInterval how often each node tells the other its state
 * @param suspectAfter      silence after which the partner is suspected (logged, no takeover yet)
 * @param deadAfter         silence after which the partner is declared dead and the survivor takes over
 * @param unconnectedAfter  no probe within this window means the balancer does not reach this node
 * @param handoverProbes    probes the new active node must have answered with 200 before the old one
 *                          steps down, so that the balancer always has a node marked up
 * @param slaveStartWait    how long a starting slave that has not heard its partner answers 503 before
 *                          serving alone, but never less than deadAfter (which a starting master waits);
 *                          see {@link RoleMachine}
 */
public record RoleTiming(
        Duration heartbeatInterval,
        Duration suspectAfter,
        Duration deadAfter,
        Duration unconnectedAfter,
        int handoverProbes,
        Duration slaveStartWait) {

    public RoleTiming {
        if (suspectAfter.compareTo(heartbeatInterval) <= 0 || deadAfter.compareTo(suspectAfter) <= 0) {
            throw new IllegalArgumentException(
                    "need heartbeat-interval < partner-suspect-after < partner-dead-after");
        }
    }

    /**
     * How long the role loop may go without running before the health check answers 503: two heartbeat
     * intervals, eight of the loop's ticks (one every quarter
     * heartbeat). Routine event-loop jitter and young-generation GC pauses are tens of milliseconds and
     * stay well under it; and with partner-dead-after at three heartbeats or more (the defaults are
     * 200 ms and 900 ms) a stalled node answers 503 before its partner can declare it dead.
     */
    public Duration stalledAfter() {
        return heartbeatInterval.multipliedBy(2);
    }

    /**
     * How long a switchover or shutdown waits for the partner to go active before giving up:
     * long enough for a partner that is alive to answer, short enough that an operator is not left
     * waiting on a partner that cannot take over.
     */
    public Duration handoverTimeout() {
        return deadAfter.multipliedBy(3).plus(heartbeatInterval.multipliedBy(10));
    }
}
