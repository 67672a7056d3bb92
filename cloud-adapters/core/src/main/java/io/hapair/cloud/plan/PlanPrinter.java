package io.hapair.cloud.plan;

import java.util.ArrayList;
import java.util.List;

/** Renders a plan as the readable dry run that {@code plan} prints and {@code apply} shows first. */
public final class PlanPrinter {

    private PlanPrinter() {
    }

    public static List<String> lines(List<Change> plan) {
        if (plan.isEmpty()) {
            return List.of("nothing to do: the cloud side already matches the pair's topology");
        }
        List<String> lines = new ArrayList<>();
        plan.forEach(change -> lines.add(change.describe()));
        long adds = plan.stream().filter(Change.Add.class::isInstance).count();
        long updates = plan.stream().filter(Change.Update.class::isInstance).count();
        long removes = plan.stream().filter(Change.Remove.class::isInstance).count();
        lines.add("plan: " + adds + " to add, " + updates + " to update, " + removes + " to remove");
        return lines;
    }
}
