package io.hapair.node.health.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The node's health: each input as last measured, and the level of the worst. */
public record HealthReport(List<HealthInput> inputs) {

    public HealthReport {
        inputs = List.copyOf(inputs);
    }

    public HealthLevel level() {
        return inputs.stream().map(HealthInput::level).reduce(HealthLevel.NORMAL, HealthLevel::worse);
    }

    /** Healthy for the role machine: no input is Critical. */
    public boolean healthy() {
        return level() != HealthLevel.CRITICAL;
    }

    /** What the role machine's health detail says: "ok", or each Critical input with its reason. */
    public String detail() {
        return healthy() ? "ok" : inputs.stream().filter(i -> i.level() == HealthLevel.CRITICAL)
                .map(i -> i.name() + ": " + i.value() + ", " + i.why()).collect(Collectors.joining("; "));
    }

    /**
     * For the event log, one line per input whose level differs from {@code before} (null: the first report, where
     * only inputs that are not Normal are news): so a Warning is written once when it begins and once when it ends.
     */
    public List<String> changesSince(HealthReport before) {
        Map<String, HealthLevel> was = before == null ? Map.of() : before.inputs.stream()
                .collect(Collectors.toMap(HealthInput::name, HealthInput::level));
        List<String> changes = new ArrayList<>();
        for (HealthInput i : inputs) {
            HealthLevel previous = was.getOrDefault(i.name(), HealthLevel.NORMAL);
            if (i.level() != previous) {
                changes.add(i.name() + " is " + i.level().key() + (i.level() == HealthLevel.NORMAL ? " again (was "
                        + previous.key() + ")" : "") + ": " + i.value() + "; " + i.why());
            }
        }
        return changes;
    }
}
