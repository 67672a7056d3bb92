package io.hapair.cloud.plan;

import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PartKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Diffs the desired topology against what an adapter observed, kind by kind, matching parts by
 * name: a desired part that is missing is added; one that exists with other field values is
 * updated with exactly those fields; an observed part whose name carries the pair's prefix but is
 * no longer desired is removed. Parts without the prefix belong to someone else and are never in a
 * plan. Pure: no I/O, the same inputs always give the same plan.
 */
public final class PairPlanner {

    private PairPlanner() {
    }

    public static List<Change> plan(PairTopology desired, ObservedPair observed) {
        List<Change> changes = new ArrayList<>();
        for (PartKind kind : PartKind.values()) {
            Map<String, CloudPart> existing = byName(observed.parts(), kind);
            for (CloudPart wanted : ofKind(desired.parts(), kind)) {
                CloudPart found = existing.remove(wanted.name());
                if (found == null) {
                    changes.add(new Change.Add(wanted));
                } else {
                    List<FieldChange> differences = differences(found, wanted);
                    if (!differences.isEmpty()) {
                        changes.add(new Change.Update(found, wanted, differences));
                    }
                }
            }
            existing.values().stream()
                .filter(leftOver -> desired.owns(leftOver.name()))
                .forEach(unwanted -> changes.add(new Change.Remove(unwanted)));
        }
        return List.copyOf(changes);
    }

    private static List<FieldChange> differences(CloudPart observed, CloudPart desired) {
        Map<String, Object> have = observed.fields();
        List<FieldChange> differences = new ArrayList<>();
        desired.fields().forEach((field, want) -> {
            Object value = have.get(field);
            if (!Objects.equals(value, want)) {
                differences.add(new FieldChange(field, value, want));
            }
        });
        return differences;
    }

    private static List<CloudPart> ofKind(List<CloudPart> parts, PartKind kind) {
        return parts.stream().filter(part -> part.kind() == kind).toList();
    }

    private static Map<String, CloudPart> byName(List<CloudPart> parts, PartKind kind) {
        Map<String, CloudPart> byName = new LinkedHashMap<>();
        ofKind(parts, kind).forEach(part -> byName.putIfAbsent(part.name(), part));
        return byName;
    }
}
