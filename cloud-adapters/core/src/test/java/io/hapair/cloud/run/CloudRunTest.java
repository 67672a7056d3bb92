package io.hapair.cloud.run;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.adapter.InMemoryCloudAdapter;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudRunTest {

    private final PairTopology topology = PairFixtures.topology();
    private final List<String> output = new ArrayList<>();

    @Test
    void applyOnEmptyCloudConvergesAndSecondApplyWritesNothing() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());
        CloudRun run = new CloudRun(topology, cloud, output::add);

        assertThat(run.apply(plan -> true)).isEqualTo(Outcome.APPLIED);
        assertThat(cloud.state().parts()).containsExactlyInAnyOrderElementsOf(topology.parts());
        assertThat(run.apply(plan -> true)).isEqualTo(Outcome.CONVERGED);
        assertThat(cloud.writes()).isEqualTo(1);
    }

    @Test
    void declinedPlanChangesNothing() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());

        Outcome outcome = new CloudRun(topology, cloud, output::add).apply(plan -> false);

        assertThat(outcome).isEqualTo(Outcome.DECLINED);
        assertThat(cloud.writes()).isZero();
        assertThat(output).last().asString().contains("nothing was changed");
    }

    @Test
    void concurrentChangeIsReReadAndReplannedNotOverwritten() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());
        HealthProbe theirs = new HealthProbe("hapair-health-probe", ProbeProtocol.HTTP, 8444, "/", 15, 2);
        cloud.concurrentEditBeforeNextApply(observed -> new ObservedPair(observed.pools(), List.of(theirs),
            observed.balancingRules(), observed.natRules(), observed.securityRules(),
            observed.builtInSecurityRules()));

        Outcome outcome = new CloudRun(topology, cloud, output::add).apply(plan -> true);

        assertThat(outcome).isEqualTo(Outcome.APPLIED);
        assertThat(output).anyMatch(line -> line.contains("re-reading and re-planning (round 2 of 3)"));
        assertThat(output).contains("~ update health probe hapair-health-probe: intervalSeconds 15 -> 5");
        assertThat(cloud.state().probes()).containsExactly(topology.probe());
    }

    @Test
    void endlessConflictsGiveUpAfterThreeRoundsAsFailed() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());
        for (int i = 0; i < PairReconciler.MAX_ROUNDS; i++) {
            cloud.concurrentEditBeforeNextApply(observed -> observed);
        }

        Outcome outcome = new CloudRun(topology, cloud, output::add).apply(plan -> true);

        assertThat(outcome).isEqualTo(Outcome.FAILED);
        assertThat(cloud.writes()).isZero();
        assertThat(output).anyMatch(line -> line.startsWith("gave up after 3 rounds"));
    }

    @Test
    void planOnConvergedPairSaysNothingToDo() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(PairFixtures.converged(topology));

        assertThat(new CloudRun(topology, cloud, output::add).plan()).isEqualTo(Outcome.CONVERGED);
        assertThat(output).containsExactly("in-memory cloud",
            "nothing to do: the cloud side already matches the pair's topology");
    }

    @Test
    void diagnoseReportsProblemsAsAnOutcome() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());

        assertThat(new CloudRun(topology, cloud, output::add).diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);
        assertThat(output).last().asString().endsWith("problem(s) found");
    }

    @Test
    void providerWarningsArePrintedButAreNoProblems() {
        Finding warning = new Finding(Check.FAILS_OPEN, "balancer", "sends traffic to all nodes when none is "
            + "healthy", "never let both nodes fail at once", Severity.WARNING);
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(PairFixtures.converged(topology), List.of(warning));

        assertThat(new CloudRun(topology, cloud, output::add).diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);
        assertThat(output).containsExactly("in-memory cloud",
            "warning: balancer: sends traffic to all nodes when none is healthy\n    fix: never let both nodes fail at once",
            "no problems found");
    }

    @Test
    void unknownProviderIsBadInputListingTheKnownOnes() {
        CloudSettings settings = CloudSettings.of(Map.of("provider", "gcp"));

        assertThatThrownBy(() -> CloudRun.open(settings, output::add))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("provider: 'gcp' is not supported; use one of:");
    }
}
