package io.hapair.node.health.model;

import java.util.Locale;

/**
 * How one measured input stands, and the node as a whole (its worst input): Normal; Warning (an operator should look,
 * the node keeps its role); Critical (the node cannot be trusted with the traffic: unhealthy, the partner takes over).
 * Ordered from best to worst: /metrics shows the ordinal (0, 1, 2).
 */
public enum HealthLevel {
    NORMAL, WARNING, CRITICAL;

    /** As the API and the web UI spell it: normal, warning, critical. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public HealthLevel worse(HealthLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
