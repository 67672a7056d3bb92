package io.hapair.tests.netns;

import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;

/** A node's own count of its activity transitions (active to standby and back), from its Prometheus counter. */
public final class Transitions {

    private Transitions() {
    }

    /** The sum of {@code hanode_transitions_total} over every reason and direction since the node started. */
    public static long total(HaNodeProcess node) {
        return sum(node, "");
    }

    /** The node's transitions to active (takeovers, whatever their reason) since it started. */
    public static long toActive(HaNodeProcess node) {
        return sum(node, "to=\"active\"");
    }

    private static long sum(HaNodeProcess node, String label) {
        HttpOnce.Answer metrics = node.api("GET", "/metrics");
        if (metrics.code() != 200) {
            throw new IllegalStateException(node.name() + " GET /metrics answered " + metrics.code() + " " + metrics.body());
        }
        return metrics.body().lines().filter(l -> l.startsWith("hanode_transitions_total{") && l.contains(label))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
