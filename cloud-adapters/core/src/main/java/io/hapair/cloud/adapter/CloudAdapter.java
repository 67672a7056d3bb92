package io.hapair.cloud.adapter;

import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;

import java.util.List;

/**
 * The contract every cloud adapter keeps. {@link #observe()} reads what exists; the pure planner
 * turns that into changes; {@link #apply} writes them, at most one write per cloud resource where
 * the cloud allows it, against the state the last {@code observe()} read (a concurrent change makes
 * the write conflict rather than overwrite it). A second apply on a converged pair gets an empty
 * plan and makes no write.
 */
public interface CloudAdapter {

    /** What this adapter manages, for the first line of every output, e.g. "Azure load balancer ...". */
    String target();

    /** Reads the balancer, the nodes' bindings and the security rules. */
    ObservedPair observe();

    /**
     * Applies changes planned from the last {@link #observe()}, reporting progress line by line. Never
     * throws for a failed write: each change's outcome is in the report.
     */
    ApplyReport apply(List<Change> changes, Progress progress);

    /** Cloud facts that diagnostics need, such as where the balancer's probes come from; after {@link #observe()}. */
    NetworkFacts networkFacts();

    /**
     * Findings only this cloud's behaviour or live state gives, beyond the shared diagnosis (AWS:
     * the NLB's fail-open, and whether it is failing open right now); after {@link #observe()}.
     */
    default List<Finding> providerFindings() {
        return List.of();
    }
}
