package io.hapair.node.selfcheck.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which self-check targets count as lost. A target is lost after {@value #LOST_AFTER} failed checks in a
 * row and answers again with its first success: one dropped ping on a busy link is no reason to hand over,
 * while a target that answers again is the very condition the partner's takeover waited for.
 */
public final class Reachability {

    /** Failed checks in a row that make a target lost. */
    public static final int LOST_AFTER = 2;

    /**
     * One target's state.
     *
     * @param failuresInARow failed checks since its last success
     * @param lastResult     what its last check found ("answered", or why not); "not checked yet" before any
     */
    public record TargetState(String target, boolean lost, int failuresInARow, String lastResult) {
    }

    /** The counts the role machine and the partner need, with the lost targets named. */
    public record Summary(int lost, int targets, String detail) {
    }

    private final Map<String, TargetState> states = new LinkedHashMap<>();

    public Reachability(List<CheckTarget> targets) {
        targets.forEach(t -> states.put(t.key(), new TargetState(t.key(), false, 0, "not checked yet")));
    }

    /** Records one check of {@code target}: {@code detail} says why it failed when {@code answered} is false. */
    public void record(CheckTarget target, boolean answered, String detail) {
        TargetState before = states.get(target.key());
        if (before == null) {
            throw new IllegalArgumentException(target.key() + " is not a target of this self-check");
        }
        int failures = answered ? 0 : before.failuresInARow() + 1;
        states.put(target.key(), new TargetState(target.key(), failures >= LOST_AFTER, failures,
                answered ? "answered" : detail));
    }

    public List<TargetState> targets() {
        return new ArrayList<>(states.values());
    }

    public Summary summary() {
        List<String> lost = states.values().stream().filter(TargetState::lost)
                .map(s -> s.target() + " (" + s.lastResult() + ")").toList();
        return new Summary(lost.size(), states.size(), String.join(", ", lost));
    }
}
