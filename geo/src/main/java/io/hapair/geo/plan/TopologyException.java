package io.hapair.geo.plan;

import java.util.List;

/** A topology the planner cannot plan from; each problem names its field and the fix. */
public final class TopologyException extends IllegalArgumentException {

    private final List<String> problems;

    public TopologyException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
