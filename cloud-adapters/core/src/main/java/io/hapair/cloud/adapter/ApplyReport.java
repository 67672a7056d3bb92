package io.hapair.cloud.adapter;

import io.hapair.cloud.adapter.ChangeOutcome.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The outcome of every change an apply was given: what was done, what failed and why. */
public record ApplyReport(List<ChangeOutcome> outcomes) {

    public ApplyReport {
        outcomes = List.copyOf(outcomes);
    }

    /** True when a write met a concurrent change: the caller should re-read and re-plan. */
    public boolean conflicted() {
        return count(Status.CONFLICTED) > 0;
    }

    /** True when every change was applied. */
    public boolean succeeded() {
        return count(Status.APPLIED) == outcomes.size();
    }

    public long count(Status status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).count();
    }

    /** This report's applied changes followed by all of the next round's outcomes. */
    public ApplyReport thenRound(ApplyReport next) {
        List<ChangeOutcome> merged = new ArrayList<>();
        outcomes.stream().filter(outcome -> outcome.status() == Status.APPLIED).forEach(merged::add);
        merged.addAll(next.outcomes);
        return new ApplyReport(merged);
    }

    /** Summary line and one line per change that was not applied. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        outcomes.stream()
            .filter(outcome -> outcome.status() != Status.APPLIED)
            .forEach(outcome -> lines.add(outcome.status().name().toLowerCase(Locale.ROOT) + ": "
                + outcome.change().describe() + " (" + outcome.detail() + ")"));
        lines.add("done: " + count(Status.APPLIED) + " applied, " + count(Status.FAILED) + " failed, "
            + (count(Status.SKIPPED) + count(Status.CONFLICTED)) + " not attempted");
        return lines;
    }
}
