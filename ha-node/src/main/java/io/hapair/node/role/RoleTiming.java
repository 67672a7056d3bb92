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
     * How long the role loop may go without running before the health check answers 503: partner-dead-after
     * less two heartbeat intervals (700 ms with the defaults, 50 ms and 800 ms). The last heartbeat left
     * at most an interval before the loop stopped, and the partner counts its silence from that
     * heartbeat's arrival, so it can answer 200 no sooner than dead-after less one interval into the stall:
     * the stalled node answers 503 at least an interval before that. Shorter stalls (GC pauses, a busy
     * host, a burst of TLS handshakes from hostile API clients on the node's event loop) are not worth a
     * moment in which neither node answers 200. Never less than two heartbeat intervals.
     */
    public Duration stalledAfter() {
        Duration beforePartner = deadAfter.minus(heartbeatInterval.multipliedBy(2));
        Duration floor = heartbeatInterval.multipliedBy(2);
        return beforePartner.compareTo(floor) > 0 ? beforePartner : floor;
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
