package io.hapair.node.balancer;

import io.hapair.cloud.diagnose.Finding;
import java.util.List;
import java.util.OptionalLong;

/**
 * The balancer self-check as status, the Home page and /metrics show it: how the last run ended, its
 * findings, and when a run last succeeded. A failed run has no findings, so it never reads as a clean
 * balancer. Times are wall-clock millis, -1 for never.
 *
 * @param message why the last run failed; null otherwise
 */
public record BalancerReport(Outcome outcome, long lastRunAt, List<Finding> findings, String message,
                             long lastSuccessAt) {

    /** How the last run ended. */
    public enum Outcome {
        /** No run has finished since the node started. */
        PENDING("pending"),
        /** The balancer was read and nothing is wrong (warnings may be listed). */
        OK("ok"),
        /** The balancer was read and at least one problem was found. */
        FINDINGS("findings"),
        /** The balancer could not be read: cloud unreachable, no permission, a bad topology, too slow. */
        FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** As status and the metrics' {@code outcome} label say it. */
        public String tag() {
            return tag;
        }
    }

    public static final BalancerReport PENDING = new BalancerReport(Outcome.PENDING, -1, List.of(), null, -1);

    public BalancerReport {
        findings = List.copyOf(findings);
    }

    /** The report after a run at {@code at} that read the balancer and found {@code found}. */
    public static BalancerReport ran(long at, List<Finding> found) {
        boolean problem = found.stream().anyMatch(f -> f.severity() == Finding.Severity.PROBLEM);
        return new BalancerReport(problem ? Outcome.FINDINGS : Outcome.OK, at, found, null, at);
    }

    /** The report after a run at {@code at} that could not read the balancer; the last success is kept. */
    public BalancerReport failed(long at, String why) {
        return new BalancerReport(Outcome.FAILED, at, List.of(), why, lastSuccessAt);
    }

    /** How many findings of {@code severity} the last run found; empty unless it read the balancer. */
    public OptionalLong count(Finding.Severity severity) {
        if (outcome != Outcome.OK && outcome != Outcome.FINDINGS) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(findings.stream().filter(f -> f.severity() == severity).count());
    }
}
