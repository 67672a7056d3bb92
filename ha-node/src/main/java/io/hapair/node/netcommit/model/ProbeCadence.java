package io.hapair.node.netcommit.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The rhythm of the balancer's probes as this node saw them: how long a silence is unusual. A balancer
 * probes at a fixed interval (Azure's default 5 s), from one or several sources; the longest of the recent
 * gaps is its interval as seen here, and a silence of one and a half of those is a probe missed, which comes
 * before the balancer's own unhealthy threshold (two missed probes by default) takes the node out.
 */
public final class ProbeCadence {

    /** Never less: a probe a little late under load (a collection pause, a busy balancer) is no cut. */
    public static final long MIN_ALLOWANCE_MILLIS = 2_000;

    private static final int GAPS_KEPT = 8;

    private final Deque<Long> gaps = new ArrayDeque<>();
    private long lastAt = -1;

    /** A probe arrived at {@code at} (wall-clock millis). */
    public void seen(long at) {
        if (lastAt >= 0 && at > lastAt) {
            if (gaps.size() == GAPS_KEPT) {
                gaps.removeFirst();
            }
            gaps.addLast(at - lastAt);
        }
        lastAt = Math.max(lastAt, at);
    }

    /**
     * How long a silence may last before it means the probes no longer reach the node, or empty when the
     * probes are not arriving (fewer than two seen, or none within that allowance by {@code now}).
     */
    public Optional<Long> allowance(long now) {
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        long longest = gaps.stream().mapToLong(Long::longValue).max().orElseThrow();
        long allowance = Math.max(MIN_ALLOWANCE_MILLIS, longest * 3 / 2);
        return now - lastAt > allowance ? Optional.empty() : Optional.of(allowance);
    }
}
