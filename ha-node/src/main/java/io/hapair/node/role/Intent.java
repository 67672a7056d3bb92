package io.hapair.node.role;

/** An operator's switchover (or a shutdown) in progress on this node. */
public enum Intent {
    NONE,
    /** This node is active and wants the partner to take over. */
    HANDING_OVER,
    /** This node is standby and wants to take over from the partner. */
    CLAIMING
}
