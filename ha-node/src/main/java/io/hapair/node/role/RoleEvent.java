package io.hapair.node.role;

/** Inputs to {@link RoleMachine}. The shell turns sockets, timers and signals into these. */
public sealed interface RoleEvent {

    /**
     * An authenticated, fresh heartbeat from the partner.
     *
     * @param echoSentAt the send time, on this node's clock, of the last heartbeat of ours the partner had
     *                   received when it sent this one (-1 if none): a heartbeat echoing one we sent after
     *                   some moment was itself sent after that moment, whatever the partner's clock says
     */
    record HeartbeatReceived(PartnerReport report, long echoSentAt) implements RoleEvent {
    }

    /**
     * The node's servers listen and the peer link is dialling: the start-up wait (503 until the
     * partner is heard or dead-after has passed) counts from here, not from the slow JVM start.
     */
    record ServersListening() implements RoleEvent {
    }

    /** Time passes: the periodic check for missed heartbeats and handover timeouts. */
    record Tick() implements RoleEvent {
    }

    /**
     * A peer-link connection with the partner closed. Heartbeats travel apart from it, so this alone
     * says nothing of the partner's life: only logged; heartbeats and their absence decide.
     */
    record PartnerLinkLost(String cause) implements RoleEvent {
    }

    /**
     * The partner's process is gone while its host is up (its connection closed and its peer port
     * refused the reconnect): the partner is declared dead at once, without waiting out dead-after.
     */
    record PartnerProcessGone(String cause) implements RoleEvent {
    }

    /**
     * Whether a connection to or from the partner is in its TLS or authentication handshake. While
     * one is, a starting node keeps waiting: the partner is there, only slow (a cold JVM).
     */
    record PeerHandshake(boolean pending) implements RoleEvent {
    }

    /** Something for the event log that changes no decision (a health input's level began or ended). */
    record Noted(String kind, String message) implements RoleEvent {
    }

    /** This node's own health verdict changed. */
    record HealthChanged(boolean healthy, String detail) implements RoleEvent {
    }

    /** The balancer (or anyone) probed the health-check port; {@code answeredActive} is what we said. */
    record ProbeSeen(String source, boolean answeredActive) implements RoleEvent {
    }

    /** An operator asked for a switchover: the active node hands over, the standby one takes over. */
    record SwitchoverRequested(String by) implements RoleEvent {
    }

    /** SIGTERM or a stop: hand over first if active, then exit. */
    record ShutdownRequested() implements RoleEvent {
    }

    /**
     * The witness client's view of our lease changed (acquired, renewed, lost, refused, unreachable).
     * Sent only when a witness is configured, first right after the machine starts: from then on a
     * node whose partner is silent is active only while it holds the lease.
     */
    record WitnessChanged(WitnessState state) implements RoleEvent {
    }

    /**
     * An operator asked to put this node in maintenance ({@code on}) or take it out. In maintenance the
     * node answers 503 and never takes over; entering it on the active node hands over first. Refused
     * when no healthy partner can take over, unless {@code force}; a restart restores a saved
     * maintenance with {@code force}, as the operator asked for it before.
     */
    record MaintenanceRequested(boolean on, boolean force, String by) implements RoleEvent {
    }

    /**
     * The self-check counted its reachability targets anew: {@code lost} of {@code targets} do not
     * answer from this node's address; {@code detail} names them.
     */
    record SelfCheckChanged(int lost, int targets, String detail) implements RoleEvent {
    }
}
