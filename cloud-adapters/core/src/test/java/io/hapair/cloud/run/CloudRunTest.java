package io.hapair.cloud.run;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.adapter.CloudAdapter;
import io.hapair.cloud.adapter.InMemoryCloudAdapter;
import io.hapair.cloud.diagnose.Finding;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.diagnose.Finding.Severity;
import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.run.CloudRun.Outcome;
import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

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
    void openPublishesTheSettingsPortsAndTheNodesVirtualServicesAndDiagnoseChecksThem() {
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());
        PortSources more = PortSources.none().with("--published-port", List.of(new PublishedPort(8080, Protocol.TCP)))
            .withVirtualServices(List.of(new VirtualServicePort("web", new PublishedPort(443, Protocol.TCP)),
                new VirtualServicePort("api", new PublishedPort(9090, Protocol.TCP))));

        CloudRun run = CloudRun.open(memorySettings("443"), more, output::add, name -> provider(cloud));

        assertThat(run.topology().publishedPorts()).extracting(PublishedPort::port).containsExactly(443, 8080, 9090);
        assertThat(run.plan()).isEqualTo(Outcome.PLANNED);
        assertThat(output.subList(0, 2)).containsExactly("in-memory cloud", "published ports: 443/tcp (topology "
            + "file, virtual service web), 8080/tcp (--published-port), 9090/tcp (virtual service api)");
        assertThat(output).anyMatch(line -> line.startsWith("+ add load-balancing rule hapair-rule-tcp-9090: TCP 9090 "
            + "-> 9090"));
        output.clear();
        assertThat(run.diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);
        assertThat(output).anyMatch(line -> line.startsWith("virtual service api (9090/tcp): no load-balancing rule "
            + "forwards TCP 9090"));
    }

    @Test
    void diagnoseChecksTheSnmpAgentANodeToldOfAgainstTheTopologysManagersRule() {
        PairTopology monitored = PairTopology.builder().node1Address(PairFixtures.NODE1_ADDRESS)
            .node2Address(PairFixtures.NODE2_ADDRESS).publishedPorts(List.of(new PublishedPort(443, Protocol.TCP)))
            .monitoringSources(List.of("10.9.0.0/24")).snmpPort(1161).build();
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(PairFixtures.converged(monitored));
        CloudSettings settings = memorySettings("443").overriddenBy(Map.of("monitoringSources", "10.9.0.0/24",
            "snmpPort", "1161"));

        CloudRun agentOn161 = CloudRun.open(settings, PortSources.none().withSnmpAgent(OptionalInt.of(161)),
            output::add, name -> provider(cloud));

        assertThat(agentOn161.diagnose(Map.of())).isEqualTo(Outcome.PROBLEMS_FOUND);
        assertThat(output).contains("SNMP agent (UDP 161): the topology's snmpPort is 1161, so the managers' rule opens"
            + " another port than the agent answers on\n    fix: set snmpPort to 161 (the Terraform module's snmp_port)"
            + " and run `hanode cloud apply`");
        output.clear();
        CloudRun agentOn1161 = CloudRun.open(settings, PortSources.none().withSnmpAgent(OptionalInt.of(1161)),
            output::add, name -> provider(cloud));
        assertThat(agentOn1161.diagnose(Map.of())).isEqualTo(Outcome.CONVERGED);
    }

    @Test
    void aVirtualServiceOnAPortThePairUsesIsBadInputNamingTheService() {
        PortSources more = PortSources.none()
            .withVirtualServices(List.of(new VirtualServicePort("jump", new PublishedPort(22, Protocol.TCP))));
        InMemoryCloudAdapter cloud = new InMemoryCloudAdapter(ObservedPair.empty());

        assertThatThrownBy(() -> CloudRun.open(memorySettings("443"), more, output::add, name -> provider(cloud)))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessage("publishedPorts: port 22 is already used by sshPort; every port of the pair must be distinct; "
                + "choose another port for publishedPorts; published ports: 443/tcp (topology file), 22/tcp (virtual "
                + "service jump)");
    }

    @Test
    void unknownProviderIsBadInputListingTheKnownOnes() {
        CloudSettings settings = CloudSettings.of(Map.of("provider", "gcp"));

        assertThatThrownBy(() -> CloudRun.open(settings, output::add))
            .isInstanceOf(InvalidTopologyException.class)
            .hasMessageStartingWith("provider: 'gcp' is not supported; use one of:");
    }

    private static CloudSettings memorySettings(String publishedPorts) {
        return CloudSettings.of(Map.of("provider", "memory", "node1.address", PairFixtures.NODE1_ADDRESS,
            "node2.address", PairFixtures.NODE2_ADDRESS, "publishedPorts", publishedPorts));
    }

    /** A provider whose adapter is the given in-memory cloud. */
    private static CloudProvider provider(InMemoryCloudAdapter cloud) {
        return new CloudProvider() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public Set<String> settingKeys() {
                return Set.of();
            }

            @Override
            public CloudShape shape() {
                return CloudShape.SHARED_POOL;
            }

            @Override
            public CloudAdapter connect(CloudSettings settings, PairTopology topology) {
                return cloud;
            }
        };
    }
}
