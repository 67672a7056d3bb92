package io.hapair.node.dataplane;

import java.time.Instant;

/**
 * Whether the data plane runs, and why not.
 *
 * @param state running or not
 * @param reason why it is in this state, for status and log ("haproxy exited with status 137; restarting in 2 s")
 * @param since when it entered this state
 */
public record DataPlaneHealth(State state, String reason, Instant since) {

    public enum State {
        /** Not started yet, or stopped. */
        STOPPED,
        STARTING,
        /** Serving the last applied configuration. */
        RUNNING,
        /** Not serving; {@code reason} says why. Restarts are under way. */
        FAILED
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
