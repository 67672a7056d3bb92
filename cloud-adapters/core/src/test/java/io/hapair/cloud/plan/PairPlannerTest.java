package io.hapair.cloud.plan;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.Drain;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SessionPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The same drift table runs for every cloud shape: the planner's rules are shared by all providers. */
class PairPlannerTest {

    private static final PairTopology TOPOLOGY = PairFixtures.topology();
    private static final ObservedPair CONVERGED = PairFixtures.converged(TOPOLOGY);

    static Stream<Arguments> drift() {
        return Stream.of(CloudShape.values()).flatMap(PairPlannerTest::drift);
    }

    private static Stream<Arguments> drift(CloudShape shape) {
        PairTopology topology = PairFixtures.topology(shape);
        HealthProbe probe = topology.probe();
        BackendPool pool = topology.backendPool();
        BalancingRule checkRule = topology.balancingRules().get(0);
        NatRule node2Ssh = topology.natRules().get(3);
        String tail = shape == CloudShape.SHARED_POOL
            ? "probe hapair-health-probe, pool hapair-pool, idle 4 min, floating IP off, persistence NONE"
            : "probe hapair-rule-tcp-8444, pool hapair-rule-tcp-8444, floating IP off, persistence NONE";
        return Stream.of(
            Arguments.of(shape, "converged pair", (UnaryOperator<ObservedPair>) observed -> observed, List.of()),
            Arguments.of(shape, "drifted probe interval",
                (UnaryOperator<ObservedPair>) observed -> with(observed, new HealthProbe(probe.name(), probe.protocol(),
                    probe.port(), probe.path(), 15, probe.unhealthyThreshold(), probe.healthyThreshold(),
                    probe.successCodes())),
                List.of("~ update health probe " + probe.name() + ": intervalSeconds 15 -> 5")),
            Arguments.of(shape, "foreign rule present",
                (UnaryOperator<ObservedPair>) observed -> with(observed, renamed(checkRule, "web-80", 80)), List.of()),
            Arguments.of(shape, "owned rule no longer wanted",
                (UnaryOperator<ObservedPair>) observed -> with(observed, renamed(checkRule, "hapair-rule-tcp-8080", 8080)),
                List.of("- remove load-balancing rule hapair-rule-tcp-8080: TCP 8080 -> 8080 " + tail)),
            Arguments.of(shape, "node2 left the pool",
                (UnaryOperator<ObservedPair>) observed -> with(observed, new BackendPool(pool.name(), List.of("node1"),
                    pool.drain())),
                List.of("~ update backend pool " + pool.name() + ": members [node1] -> [node1, node2]")),
            Arguments.of(shape, "NAT rule bound to no node",
                (UnaryOperator<ObservedPair>) observed -> with(observed, new NatRule(node2Ssh.name(),
                    node2Ssh.protocol(), node2Ssh.frontendPort(), node2Ssh.backendPort(), "", node2Ssh.healthCheck(),
                    node2Ssh.drain())),
                List.of("~ update NAT rule hapair-nat-node2-ssh: target (none) -> node2")));
    }

    /** A target-group balancer gives each NAT rule a group of its own: its check and drain are planned too. */
    @Test
    void aManagementGroupsDriftedCheckAndDrainArePlannedOnATargetGroupBalancer() {
        PairTopology topology = PairFixtures.topology(CloudShape.TARGET_GROUPS);
        NatRule node1Api = topology.natRules().get(0);
        NatRule drifted = new NatRule(node1Api.name(), node1Api.protocol(), node1Api.frontendPort(),
            node1Api.backendPort(), node1Api.target(), Optional.of(new HealthProbe(node1Api.name(), ProbeProtocol.TCP,
                8443, "", 30, 2, 2, "")), Optional.of(new Drain(300, false)));

        List<Change> plan = PairPlanner.plan(topology, with(PairFixtures.converged(topology), drifted));

        assertThat(plan).extracting(Change::describe).containsExactly("~ update NAT rule hapair-nat-node1-api: "
            + "healthCheck TCP :8443 every 30 s, unhealthy after 2, healthy after 2 -> TCP :8443 every 5 s, unhealthy "
            + "after 2, healthy after 2, drain 300 s, then leave connections open -> 5 s, then close connections");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("drift")
    void planChangesExactlyWhatDrifted(CloudShape shape, String scenario, UnaryOperator<ObservedPair> drift,
                                       List<String> expected) {
        PairTopology topology = PairFixtures.topology(shape);

        List<Change> plan = PairPlanner.plan(topology, drift.apply(PairFixtures.converged(topology)));

        assertThat(plan).extracting(Change::describe).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(CloudShape.class)
    void emptyBalancerGetsEveryPartAddedInPlanOrder(CloudShape shape) {
        PairTopology topology = PairFixtures.topology(shape);

        List<Change> plan = PairPlanner.plan(topology, ObservedPair.empty());

        assertThat(plan).allMatch(Change.Add.class::isInstance);
        assertThat(plan).extracting(Change::part).containsExactlyElementsOf(topology.parts());
        assertThat(plan.get(0).name()).isEqualTo(topology.backendPool().name());
    }

    @Test
    void targetGroupSettingsThatDriftedAreUpdatedOnlyWhereTheCloudHasThem() {
        PairTopology topology = PairFixtures.topology(CloudShape.TARGET_GROUPS);
        HealthProbe probe = topology.probe();
        BackendPool pool = topology.backendPool();
        ObservedPair drifted = with(with(PairFixtures.converged(topology),
            new HealthProbe(probe.name(), probe.protocol(), probe.port(), probe.path(), 5, 2, 5, "200-399")),
            new BackendPool(pool.name(), pool.members(), Optional.of(new Drain(300, false))));

        List<Change> plan = PairPlanner.plan(topology, drifted);

        assertThat(plan).extracting(Change::describe).containsExactly(
            "~ update backend pool hapair-rule-tcp-8444: drain 300 s, then leave connections open -> 5 s, then close "
                + "connections",
            "~ update health probe hapair-rule-tcp-8444: healthyThreshold 5 -> 2, successCodes 200-399 -> 200");
        assertThat(PairPlanner.plan(TOPOLOGY, with(CONVERGED, new HealthProbe("hapair-health-probe",
            TOPOLOGY.probe().protocol(), 8444, "/", 5, 2, 5, "200-399"))))
            .as("Azure fixes those settings, so what a reader reports for them is never compared").isEmpty();
    }

    @Test
    void foreignPartWithAnOwnedNameIsUpdatedNotDuplicated() {
        ObservedPair observed = withoutRules(CONVERGED);
        observed = with(observed, new BalancingRule("hapair-rule-tcp-8444",
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

    private static BalancingRule renamed(BalancingRule rule, String name, int port) {
        return new BalancingRule(name, rule.protocol(), port, port, rule.probe(), rule.backendPool(),
            rule.idleTimeoutMinutes(), rule.floatingIp(), rule.sessionPersistence());
    }

    /** The observed pair with this part in place of the one of the same kind and name, or added. */
    private static ObservedPair with(ObservedPair o, CloudPart part) {
        return new ObservedPair(replace(o.pools(), part, BackendPool.class), replace(o.probes(), part, HealthProbe.class),
            replace(o.balancingRules(), part, BalancingRule.class), replace(o.natRules(), part, NatRule.class),
            o.securityRules(), o.builtInSecurityRules());
    }

    private static <T extends CloudPart> List<T> replace(List<T> parts, CloudPart part, Class<T> type) {
        if (!type.isInstance(part)) {
            return parts;
        }
        List<T> result = new ArrayList<>(parts);
        result.removeIf(existing -> existing.name().equals(part.name()));
        result.add(type.cast(part));
        return result;
    }

    private static ObservedPair withoutRules(ObservedPair o) {
        return new ObservedPair(o.pools(), o.probes(), List.of(), o.natRules(), o.securityRules(),
            o.builtInSecurityRules());
    }
}
