package io.hapair.cloud.adapter;

import io.hapair.cloud.adapter.ChangeOutcome.Status;
import io.hapair.cloud.plan.Change;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cloud writes of one apply, in order, each tied to the changes it carries out, and the rules
 * that make a partial failure safe to re-run: a write whose chain already failed is skipped (a NIC
 * must not join a pool the balancer write failed to create); a concurrent change stops everything,
 * because the caller re-reads and re-plans. A change is applied when all its writes succeeded.
 */
public final class WriteSteps {

    private record Step(String chain, String description, Set<Change> changes, Runnable write) {
    }

    private final List<Step> steps = new ArrayList<>();

    /**
     * @param chain  writes that depend on each other share a chain, e.g. "balancer"
     * @param write  the cloud call; throws on failure
     */
    public void add(String chain, String description, Collection<Change> changes, Runnable write) {
        steps.add(new Step(chain, description, new HashSet<>(changes), write));
    }

    public ApplyReport run(List<Change> changes, Progress progress) {
        Map<Change, ChangeOutcome> outcomes = new LinkedHashMap<>();
        changes.forEach(change -> outcomes.put(change, new ChangeOutcome(change, Status.APPLIED, "")));
        Set<String> brokenChains = new HashSet<>();
        String conflict = null;
        for (Step step : steps) {
            if (conflict != null || brokenChains.contains(step.chain())) {
                String why = conflict != null ? conflict : "an earlier " + step.chain() + " write failed";
                record(outcomes, step, Status.SKIPPED, why);
                continue;
            }
            progress.line("writing " + step.description());
            try {
                step.write().run();
                progress.line("  done");
            } catch (ConcurrentChangeException changed) {
                progress.line("  conflict: " + changed.getMessage());
                conflict = "not attempted after a concurrent change";
                record(outcomes, step, Status.CONFLICTED, changed.getMessage());
            } catch (RuntimeException failed) {
                progress.line("  failed: " + failed.getMessage());
                brokenChains.add(step.chain());
                record(outcomes, step, Status.FAILED, failed.getMessage());
            }
        }
        return new ApplyReport(List.copyOf(outcomes.values()));
    }

    /** Keeps the worst status a change met across its writes. */
    private static void record(Map<Change, ChangeOutcome> outcomes, Step step, Status status, String detail) {
        for (Change change : step.changes()) {
            ChangeOutcome current = outcomes.get(change);
            if (current != null && severity(status) > severity(current.status())) {
                outcomes.put(change, new ChangeOutcome(change, status, detail));
            }
        }
    }

    private static int severity(Status status) {
        return switch (status) {
            case APPLIED -> 0;
            case SKIPPED -> 1;
            case FAILED -> 2;
            case CONFLICTED -> 3;
        };
    }
}
