package io.hapair.node.netcommit.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A network change applied to the host and not yet confirmed: the rules of a confirmed commit. Unless an
 * operator confirms it by the deadline, from a session that still reaches the node, it is rolled back; and
 * it is rolled back at once when what reached the node before it stops reaching it: the partner's
 * heartbeats, well before the partner's dead-after makes it take over, or the balancer's probes, before the
 * balancer's own unhealthy threshold takes the node out.
 *
 * @param appliedAt        when the change (its latest part) took effect, wall-clock millis
 * @param confirmBy        the deadline; each further part of the same change moves it
 * @param partnerAllowance how long the partner may go unheard once the change is applied before the change
 *                         counts as having cut it off; zero when the partner was not heard before the change
 * @param probeAllowance   the same for the balancer's probes; zero when no probes arrived before the change
 */
public record PendingChange(long appliedAt, long confirmBy, long partnerAllowance, long probeAllowance) {

    /**
     * A change begun now.
     *
     * @param partnerHeard     whether the partner's heartbeats arrive as the change is applied
     * @param partnerAllowance the silence that means the partner is cut off (a few heartbeat intervals, well
     *                         under the partner's dead-after)
     * @param probes           the probes seen before the change
     */
    public static PendingChange begin(long now, Duration timeout, boolean partnerHeard, Duration partnerAllowance,
                                      ProbeCadence probes) {
        return new PendingChange(now, now + timeout.toMillis(), partnerHeard ? partnerAllowance.toMillis() : 0,
                probes.allowance(now).orElse(0L));
    }

    /**
     * A further part of the same change, applied now: the deadline starts again (the operator is still at
     * work from a session that reaches the node), and what is watched stays as before the first part.
     */
    public PendingChange extended(long now, Duration timeout) {
        return new PendingChange(now, now + timeout.toMillis(), partnerAllowance, probeAllowance);
    }

    /**
     * Why the change must be rolled back now, or empty to keep it pending.
     *
     * @param partnerHeardAt the last heartbeat's arrival, -1 when none ever came
     * @param lastProbeAt    the last probe's arrival, -1 when none ever came
     */
    public Optional<String> rollbackReason(long now, long partnerHeardAt, long lastProbeAt) {
        long partnerSilence = now - Math.max(partnerHeardAt, appliedAt);
        if (partnerAllowance > 0 && partnerSilence > partnerAllowance) {
            return Optional.of("the partner's heartbeats stopped reaching this node after the change (none for "
                    + partnerSilence + " ms)");
        }
        long probeSilence = now - Math.max(lastProbeAt, appliedAt);
        if (probeAllowance > 0 && probeSilence > probeAllowance) {
            return Optional.of("the balancer's probes stopped reaching this node after the change (none for "
                    + probeSilence + " ms)");
        }
        if (now >= confirmBy) {
            return Optional.of("not confirmed within " + (confirmBy - appliedAt) / 1000 + " s");
        }
        return Optional.empty();
    }
}
