package io.hapair.cloud.diagnose;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;
import io.hapair.cloud.topology.SessionPersistence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The ports of the nodes' virtual services: each needs a balancer rule to the same port and security
 * rules that let the clients in. The topology publishes 443 (and 8080 where the node's services were
 * merged in, as {@code cloud apply --from-node} does); the cloud is wired for 443 only.
 */
class VirtualServiceDiagnosisTest {

    private static final PublishedPort TCP_443 = new PublishedPort(443, Protocol.TCP);
    private static final PublishedPort TCP_8080 = new PublishedPort(8080, Protocol.TCP);

    private final ObservedPair azureWiredFor443 = PairFixtures.converged(PairFixtures.topology());

    @Test
    void virtualServicesOnWiredPortsHaveNoFindings() {
        List<Finding> findings = diagnose(PairFixtures.topology(), azureWiredFor443, PairFixtures.azureFacts(),
            new VirtualServicePort("web", TCP_443), new VirtualServicePort("web-b", TCP_443));

        assertThat(findings).isEmpty();
    }

    @Test
    void portWithoutLoadBalancingRuleIsReportedWithTheRuleApplyAdds() {
        PairTopology merged = PairFixtures.topology(CloudShape.SHARED_POOL, List.of(TCP_443, TCP_8080));

        List<Finding> findings = diagnose(merged, azureWiredFor443, PairFixtures.azureFacts(),
            new VirtualServicePort("web", TCP_443), new VirtualServicePort("api", TCP_8080));

        assertThat(findings).extracting(Finding::check, Finding::subject)
            .containsExactly(tuple(Check.VIRTUAL_SERVICE_NOT_BALANCED, "virtual service api (8080/tcp)"));
        assertThat(findings.get(0).problem()).isEqualTo("no load-balancing rule forwards TCP 8080, so clients going "
            + "through the balancer cannot reach it");
        assertThat(findings.get(0).fix()).isEqualTo("run `hanode cloud apply --from-node NODE_URL`, which adds "
            + "load-balancing rule hapair-rule-tcp-8080: TCP 8080 -> 8080 probe hapair-health-probe, pool hapair-pool, "
            + "idle 4 min, floating IP off, persistence NONE");
    }

    @Test
    void ruleOnTheOtherTransportDoesNotCarryAUdpService() {
        PublishedPort udp53 = new PublishedPort(53, Protocol.UDP);
        ObservedPair tcpOnly = withRules(azureWiredFor443, new BalancingRule("dns-tcp", Protocol.TCP, 53, 53,
            "hapair-health-probe", "hapair-pool", 4, false, SessionPersistence.NONE));

        List<Finding> findings = diagnose(PairFixtures.topology(), tcpOnly, PairFixtures.azureFacts(),
            new VirtualServicePort("dns", udp53));

        assertThat(findings).extracting(Finding::check, Finding::problem).containsExactly(tuple(
            Check.VIRTUAL_SERVICE_NOT_BALANCED, "no load-balancing rule forwards UDP 53, so clients going through the "
                + "balancer cannot reach it"));
        assertThat(findings.get(0).fix()).endsWith("which adds load-balancing rule UDP 53 -> 53");
    }

    @Test
    void ruleForwardingToAnotherPortIsReported() {
        ObservedPair elsewhere = withRules(azureWiredFor443, new BalancingRule("lb-8080", Protocol.TCP, 8080, 80,
            "hapair-health-probe", "hapair-pool", 4, false, SessionPersistence.NONE));

        List<Finding> findings = diagnose(PairFixtures.topology(), elsewhere, PairFixtures.azureFacts(),
            new VirtualServicePort("api", TCP_8080));

        assertThat(findings).extracting(Finding::problem, Finding::fix).containsExactly(tuple(
            "load-balancing rule lb-8080 forwards TCP 8080 to port 80 on the nodes, but the virtual service listens on "
                + "8080", "set the backend port of lb-8080 to 8080"));
    }

    @Test
    void haPortsRuleForwardsEveryVirtualService() {
        ObservedPair haPorts = withRules(azureWiredFor443, new BalancingRule("ha-ports", Protocol.ANY, 0, 0,
            "hapair-health-probe", "hapair-pool", 4, false, SessionPersistence.NONE));

        assertThat(diagnose(PairFixtures.topology(), haPorts, PairFixtures.azureFacts(),
            new VirtualServicePort("api", TCP_8080))).isEmpty();
    }

    @Test
    void operatorRuleDenyingClientsIsReportedOncePerPort() {
        List<SecurityRule> rules = new ArrayList<>(azureWiredFor443.securityRules());
        rules.add(new SecurityRule("deny-443", 500, Direction.INBOUND, Access.DENY, Protocol.TCP, List.of("*"),
            List.of("*"), List.of("443")));
        ObservedPair denied = new ObservedPair(azureWiredFor443.pools(), azureWiredFor443.probes(),
            azureWiredFor443.balancingRules(), azureWiredFor443.natRules(), rules,
            azureWiredFor443.builtInSecurityRules());

        List<Finding> findings = diagnose(PairFixtures.topology(), denied, PairFixtures.azureFacts(),
            new VirtualServicePort("web", TCP_443), new VirtualServicePort("web-b", TCP_443));

        assertThat(findings).extracting(Finding::check, Finding::subject)
            .containsExactly(tuple(Check.VIRTUAL_SERVICE_BLOCKED, "virtual services web, web-b (443/tcp)"));
        assertThat(findings.get(0).problem()).isEqualTo("security rule deny-443 (priority 500) blocks clients "
            + "(VirtualNetwork) from TCP 443 on 10.0.1.4, 10.0.1.5, so they cannot reach it through the balancer");
        assertThat(findings.get(0).fix()).isEqualTo("allow TCP 443 from VirtualNetwork to 10.0.1.4, 10.0.1.5 with a "
            + "lower priority number than security rule deny-443 (hanode cloud apply --from-node NODE_URL adds one)");
    }

    @Test
    void onAwsAMissingListenerAndTheImplicitDenyAreBothReported() {
        PairTopology merged = PairFixtures.topology(CloudShape.TARGET_GROUPS, List.of(TCP_443, TCP_8080));
        ObservedPair wiredFor443 = PairFixtures.converged(PairFixtures.topology(CloudShape.TARGET_GROUPS));

        List<Finding> findings = diagnose(merged, wiredFor443, PairFixtures.awsFacts(),
            new VirtualServicePort("api", TCP_8080));

        assertThat(findings).extracting(Finding::check, Finding::problem).containsExactly(
            tuple(Check.VIRTUAL_SERVICE_NOT_BALANCED, "no listener forwards TCP 8080, so clients going through the "
                + "balancer cannot reach it"),
            tuple(Check.VIRTUAL_SERVICE_BLOCKED, "no rule allowing it (the implicit deny) blocks clients (10.0.0.0/16) "
                + "from TCP 8080 on 10.0.1.4, 10.0.1.5, so they cannot reach it through the balancer"));
        assertThat(findings).extracting(Finding::fix).containsExactly(
            "run `hanode cloud apply --from-node NODE_URL`, which adds listener hapair-rule-tcp-8080: TCP 8080 -> 8080 "
                + "probe hapair-rule-tcp-8080, pool hapair-rule-tcp-8080, floating IP off, persistence NONE",
            "allow TCP 8080 from 10.0.0.0/16 to 10.0.1.4, 10.0.1.5 (hanode cloud apply --from-node NODE_URL adds one)");
    }

    private static List<Finding> diagnose(PairTopology topology, ObservedPair observed, NetworkFacts facts,
                                          VirtualServicePort... services) {
        return PairDiagnosis.diagnose(topology, observed, facts, Map.of(), List.of(services));
    }

    private static ObservedPair withRules(ObservedPair observed, BalancingRule extra) {
        List<BalancingRule> rules = new ArrayList<>(observed.balancingRules());
        rules.add(extra);
        return new ObservedPair(observed.pools(), observed.probes(), rules, observed.natRules(),
            observed.securityRules(), observed.builtInSecurityRules());
    }
}
