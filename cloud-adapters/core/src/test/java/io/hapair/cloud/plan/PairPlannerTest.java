package io.hapair.cloud.plan;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SessionPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PairPlannerTest {

    private static final PairTopology TOPOLOGY = PairFixtures.topology();
    private static final ObservedPair CONVERGED = PairFixtures.converged(TOPOLOGY);

    static Stream<Arguments> drift() {
        return Stream.of(
            Arguments.of("converged pair", (UnaryOperator<ObservedPair>) observed -> observed, List.of()),
            Arguments.of("drifted probe interval",
                (UnaryOperator<ObservedPair>) observed -> withProbes(observed,
                    new HealthProbe("hapair-health-probe", ProbeProtocol.HTTP, 8444, "/", 15, 2)),
                List.of("~ update health probe hapair-health-probe: intervalSeconds 15 -> 5")),
            Arguments.of("foreign rule present",
                (UnaryOperator<ObservedPair>) observed -> withExtraRule(observed, rule("web-80", 80)),
                List.of()),
            Arguments.of("owned rule no longer wanted",
                (UnaryOperator<ObservedPair>) observed -> withExtraRule(observed, rule("hapair-rule-tcp-8080", 8080)),
                List.of("- remove load-balancing rule hapair-rule-tcp-8080: TCP 8080 -> 8080 probe hapair-health-probe,"
                    + " pool hapair-pool, idle 4 min, floating IP off, persistence NONE")),
            Arguments.of("node2 left the pool",
                (UnaryOperator<ObservedPair>) observed -> withPool(observed, new BackendPool("hapair-pool",
                    List.of("node1"))),
                List.of("~ update backend pool hapair-pool: members [node1] -> [node1, node2]")),
            Arguments.of("NAT rule bound to no node",
                (UnaryOperator<ObservedPair>) observed -> withNatTargetCleared(observed, "hapair-nat-node2-ssh"),
                List.of("~ update NAT rule hapair-nat-node2-ssh: target (none) -> node2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drift")
    void planChangesExactlyWhatDrifted(String scenario, UnaryOperator<ObservedPair> drift, List<String> expected) {
        List<Change> plan = PairPlanner.plan(TOPOLOGY, drift.apply(CONVERGED));

        assertThat(plan).extracting(Change::describe).containsExactlyElementsOf(expected);
    }

    @Test
    void emptyBalancerGetsEveryPartAddedInPlanOrder() {
        List<Change> plan = PairPlanner.plan(TOPOLOGY, ObservedPair.empty());

        assertThat(plan).allMatch(Change.Add.class::isInstance);
        assertThat(plan).extracting(Change::part).containsExactlyElementsOf(TOPOLOGY.parts());
        assertThat(plan.get(0).name()).isEqualTo("hapair-pool");
    }

    @Test
    void foreignPartWithAnOwnedNameIsUpdatedNotDuplicated() {
        ObservedPair observed = withExtraRule(withoutRules(CONVERGED), new BalancingRule("hapair-rule-tcp-8444",
            Protocol.TCP, 8444, 8444, "", "hapair-pool", 4, true, SessionPersistence.NONE));

        List<Change> plan = PairPlanner.plan(TOPOLOGY, observed);

        assertThat(plan).extracting(Change::describe).contains(
            "~ update load-balancing rule hapair-rule-tcp-8444: probe (none) -> hapair-health-probe, floatingIp true -> false");
        assertThat(plan).filteredOn(change -> change.name().equals("hapair-rule-tcp-8444")).hasSize(1);
    }

    @Test
    void printedPlanCountsItsChanges() {
        List<String> lines = PlanPrinter.lines(PairPlanner.plan(TOPOLOGY, ObservedPair.empty()));

        assertThat(lines).last().isEqualTo("plan: " + TOPOLOGY.parts().size() + " to add, 0 to update, 0 to remove");
        assertThat(PlanPrinter.lines(List.of())).containsExactly(
            "nothing to do: the cloud side already matches the pair's topology");
    }

    private static BalancingRule rule(String name, int port) {
        return new BalancingRule(name, Protocol.TCP, port, port, "hapair-health-probe", "hapair-pool", 4, false,
            SessionPersistence.NONE);
    }

    private static ObservedPair withProbes(ObservedPair o, HealthProbe... probes) {
        return new ObservedPair(o.pools(), List.of(probes), o.balancingRules(), o.natRules(), o.securityRules(),
            o.builtInSecurityRules());
    }

    private static ObservedPair withPool(ObservedPair o, BackendPool pool) {
        return new ObservedPair(List.of(pool), o.probes(), o.balancingRules(), o.natRules(), o.securityRules(),
            o.builtInSecurityRules());
    }

    private static ObservedPair withoutRules(ObservedPair o) {
        return new ObservedPair(o.pools(), o.probes(), List.of(), o.natRules(), o.securityRules(),
            o.builtInSecurityRules());
    }

    private static ObservedPair withExtraRule(ObservedPair o, BalancingRule extra) {
        List<BalancingRule> rules = new ArrayList<>(o.balancingRules());
        rules.add(extra);
        return new ObservedPair(o.pools(), o.probes(), rules, o.natRules(), o.securityRules(),
            o.builtInSecurityRules());
    }

    private static ObservedPair withNatTargetCleared(ObservedPair o, String name) {
        List<NatRule> rules = o.natRules().stream()
            .map(rule -> rule.name().equals(name)
                ? new NatRule(rule.name(), rule.protocol(), rule.frontendPort(), rule.backendPort(), "")
                : rule)
            .toList();
        return new ObservedPair(o.pools(), o.probes(), o.balancingRules(), rules, o.securityRules(),
            o.builtInSecurityRules());
    }
}
