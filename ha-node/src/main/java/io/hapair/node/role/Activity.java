package io.hapair.node.role;

/** Whether this node answers the balancer's probe with 200 (ACTIVE) or 503 (STANDBY). */
public enum Activity {
    ACTIVE,
    STANDBY
}
