package io.hapair.node.role;

/** What the shell must do besides serving the decided activity. */
public sealed interface Action {

    /** Send a heartbeat now instead of at the next interval, so the partner reacts at once. */
    record Announce() implements Action {
    }

    /** The operator's switchover cannot start; tell the operator why. */
    record RefuseSwitchover(String reason) implements Action {
    }

    /** The operator's switchover started. */
    record AcceptSwitchover(String detail) implements Action {
    }

    /**
     * Shutdown may proceed. {@code drain} is true when the node answered 200 to a balancer recently
     * and so must keep serving established traffic until the balancer has marked it down.
     */
    record Exit(boolean drain) implements Action {
    }

    /** The operator's maintenance request was refused; tell the operator why. */
    record RefuseMaintenance(String reason) implements Action {
    }

    /** The operator's maintenance request took effect; {@code detail} says what happens now. */
    record AcceptMaintenance(String detail) implements Action {
    }
}
