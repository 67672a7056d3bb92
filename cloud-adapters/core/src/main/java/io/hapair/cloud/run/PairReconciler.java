package io.hapair.cloud.run;

import io.hapair.cloud.adapter.ApplyReport;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.Progress;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.PairPlanner;
import io.hapair.cloud.plan.PlanPrinter;
import io.hapair.cloud.topology.PairTopology;

import java.util.List;

/**
 * Observe, plan, apply; and when a write meets a concurrent change, observe and plan again instead
 * of overwriting what someone else just wrote.
 */
public final class PairReconciler {

    // A conflict means someone wrote between our read and our write. Three rounds ride out an
    // operator editing at the same moment and still bound a tug of war with another controller.
    static final int MAX_ROUNDS = 3;

    private final PairTopology topology;
    private final CloudAdapter adapter;
    private final Progress progress;

    public PairReconciler(PairTopology topology, CloudAdapter adapter, Progress progress) {
        this.topology = topology;
        this.adapter = adapter;
        this.progress = progress;
    }

    /** Reads the cloud and returns what it takes to make it match the topology. */
    public List<Change> plan() {
        return PairPlanner.plan(topology, adapter.observe());
    }

    /** Applies a plan that {@link #plan()} just made, re-planning after each conflicting write. */
    public ApplyReport apply(List<Change> plan) {
        ApplyReport report = adapter.apply(plan, progress);
        for (int round = 2; report.conflicted() && round <= MAX_ROUNDS; round++) {
            progress.line("the cloud changed while applying; re-reading and re-planning (round " + round + " of "
                + MAX_ROUNDS + ")");
            List<Change> next = plan();
            PlanPrinter.lines(next).forEach(progress::line);
            report = report.thenRound(next.isEmpty() ? new ApplyReport(List.of()) : adapter.apply(next, progress));
        }
        if (report.conflicted()) {
            progress.line("gave up after " + MAX_ROUNDS + " rounds: something else keeps changing the same "
                + "resources; stop it, then run apply again");
        }
        return report;
    }
}
