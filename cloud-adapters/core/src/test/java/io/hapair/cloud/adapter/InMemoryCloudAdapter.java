package io.hapair.cloud.adapter;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.adapter.ChangeOutcome.Status;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.NetworkFacts;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.SecurityRule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A cloud held in memory: applies changes to its state, counts the apply calls that wrote, and can
 * be told to let someone else write first (the next apply then conflicts, as a 412 would).
 */
public final class InMemoryCloudAdapter implements CloudAdapter {

    private final List<Finding> providerFindings;
    private ObservedPair state;
    private final List<UnaryOperator<ObservedPair>> concurrentEdits = new ArrayList<>();
    private int writes;

    public InMemoryCloudAdapter(ObservedPair initial) {
        this(initial, List.of());
    }

    /** A cloud whose own diagnosis always gives these findings. */
    public InMemoryCloudAdapter(ObservedPair initial, List<Finding> providerFindings) {
        this.state = initial;
        this.providerFindings = List.copyOf(providerFindings);
    }

    /** Before the next apply writes, someone else changes the cloud like this. */
    public void concurrentEditBeforeNextApply(UnaryOperator<ObservedPair> edit) {
        concurrentEdits.add(edit);
    }

    public int writes() {
        return writes;
    }

    public ObservedPair state() {
        return state;
    }

    @Override
    public String target() {
        return "in-memory cloud";
    }

    @Override
    public ObservedPair observe() {
        return state;
    }

    @Override
    public ApplyReport apply(List<Change> changes, Progress progress) {
        if (!concurrentEdits.isEmpty()) {
            state = concurrentEdits.remove(0).apply(state);
            return new ApplyReport(changes.stream()
                .map(change -> new ChangeOutcome(change, Status.CONFLICTED, "changed meanwhile")).toList());
        }
        writes++;
        List<CloudPart> parts = new ArrayList<>(state.parts());
        for (Change change : changes) {
            progress.line("applying " + change.describe());
            parts.removeIf(part -> part.kind() == change.kind() && part.name().equals(change.name()));
            if (!(change instanceof Change.Remove)) {
                parts.add(change.part());
            }
        }
        state = new ObservedPair(ofType(parts, BackendPool.class), ofType(parts, HealthProbe.class),
            ofType(parts, BalancingRule.class), ofType(parts, NatRule.class), ofType(parts, SecurityRule.class),
            state.builtInSecurityRules());
        return new ApplyReport(changes.stream().map(change -> new ChangeOutcome(change, Status.APPLIED, "")).toList());
    }

    @Override
    public List<Finding> providerFindings() {
        return providerFindings;
    }

    @Override
    public NetworkFacts networkFacts() {
        return PairFixtures.azureFacts();
    }

    private static <T> List<T> ofType(List<CloudPart> parts, Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
