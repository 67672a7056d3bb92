package io.hapair.node.role;

import java.util.Locale;

/**
 * Why the rules say this node should be active or standby: the cause of a transition, one constant
 * per rule. Metrics, the status API and scripts use {@link #tag()}; the event log's message keeps
 * the human detail (names, health text) that varies from one transition to the next.
 */
public enum TransitionReason {
    /** ha-mode none: there is no partner, the node serves alone. */
    HA_OFF,
    /** The start-up wait ran out without ever hearing the partner. */
    PARTNER_NEVER_HEARD,
    /** The partner stopped sending heartbeats for partner-dead-after. */
    PARTNER_DEAD,
    /** This node woke from a stall long enough for its partner to take over, and the partner had. */
    STALLED,
    /** The partner's heartbeats name a configuration that contradicts ours; serve as if alone. */
    CONFIG_ERROR,
    /** This node is shutting down: it hands over to its partner, or simply stops with none left. */
    SHUTDOWN,
    /** An operator asked this node for a switchover: it hands over (active) or takes over (standby). */
    OPERATOR_SWITCHOVER,
    /** The partner hands over to us (its operator switchover or its shutdown). */
    PARTNER_HANDING_OVER,
    /** An operator asked the partner to take over from us. */
    PARTNER_TAKING_OVER,
    /** This node's own health check failed while the partner is healthy. */
    UNHEALTHY,
    /** The partner reports itself unhealthy while this node is healthy. */
    PARTNER_UNHEALTHY,
    /** An operator put this node in maintenance: it hands over and stays standby until taken out. */
    MAINTENANCE,
    /** The partner is in maintenance: this node is active whatever prefer-master says. */
    PARTNER_MAINTENANCE,
    /** This node's self-check lost reachability targets while the partner lost none: the partner serves. */
    SELF_CHECK_LOST,
    /** The partner's self-check lost reachability targets while this node lost none: this node serves. */
    PARTNER_SELF_CHECK_LOST,
    /** prefer-master: the master is up and healthy, so it is the active one. */
    PREFER_MASTER,
    /**
     * No preemption: whichever node is active stays active. It keeps the activity as it is, so it is
     * the verdict between transitions rather than the reason of one.
     */
    NO_PREEMPTION,
    /** Both nodes are active (a healed partition): the one active longer stays, the master on a tie. */
    BOTH_ACTIVE,
    /** Both nodes are standby: the master takes over. */
    BOTH_STANDBY,
    /** The partner is silent, but the witness lease is not this node's: it does not take over. */
    WITNESS_NOT_HELD,
    /** The partner is silent and this active node could not renew its witness lease: it steps down. */
    WITNESS_LOST;

    /** The stable lower-case, kebab-case name for metric labels and the status API: "partner-dead". */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
