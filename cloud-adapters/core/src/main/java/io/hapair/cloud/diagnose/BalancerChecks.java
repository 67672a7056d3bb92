package io.hapair.cloud.diagnose;

import io.hapair.cloud.diagnose.Finding.Check;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudShape;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the balancer's live rules, probes, pool and NAT rules, whoever created them: a pair set up
 * by hand is diagnosed as well as one this tool applied. Rules are found by port, not by name; so
 * are the rules the nodes' virtual services need.
 */
final class BalancerChecks {

    private static final String APPLY = "run `hanode cloud apply` or ";
    private static final String APPLY_FROM_NODE = "run `hanode cloud apply --from-node NODE_URL`";
    // A probe counts as far from the pair's timing beyond three times its detection time.
    private static final int SLOW_FACTOR = 3;

    private final PairTopology topology;
    private final ObservedPair observed;
    private final Map<PublishedPort, List<String>> served;
    private final List<Finding> findings = new ArrayList<>();

    private BalancerChecks(PairTopology topology, ObservedPair observed, Map<PublishedPort, List<String>> served) {
        this.topology = topology;
        this.observed = observed;
        this.served = served;
    }

    /** @param served the nodes' virtual services by the port they listen on */
    static List<Finding> run(PairTopology topology, ObservedPair observed, Map<PublishedPort, List<String>> served) {
        BalancerChecks checks = new BalancerChecks(topology, observed, served);
        checks.checkRuleOnCheckPort();
        checks.checkRules();
        checks.checkNatRules();
        checks.checkVirtualServicePorts();
        return checks.findings;
    }

    private void checkRuleOnCheckPort() {
        int port = topology.healthCheckPort();
        if (observed.balancingRules().stream().noneMatch(rule -> rule.frontendPort() == port)) {
            add(Check.CHECK_RULE_MISSING, "port " + port,
                "no load-balancing rule on the health-check port, so nobody can see through the balancer "
                    + "which node is active",
                APPLY + "add a TCP rule " + port + " -> " + port + " with the HTTP probe");
        }
    }

    private void checkRules() {
        Set<String> probesChecked = new LinkedHashSet<>();
        Set<String> poolsChecked = new LinkedHashSet<>();
        for (BalancingRule rule : observed.balancingRules()) {
            String subject = "rule " + rule.name();
            if (rule.floatingIp()) {
                add(Check.FLOATING_IP_ON, subject,
                    "floating IP is on: packets arrive addressed to the frontend IP, which the nodes do not "
                        + "answer on",
                    "turn floating IP off for " + rule.name());
            }
            if (rule.probe().isEmpty()) {
                add(Check.RULE_WITHOUT_PROBE, subject,
                    "has no health probe, so the balancer sends its traffic to both nodes, the standby too",
                    APPLY + "attach the HTTP probe on port " + topology.healthCheckPort() + " to " + rule.name());
            } else if (probesChecked.add(rule.probe())) {
                checkProbe(rule);
            }
            if (poolsChecked.add(rule.backendPool())) {
                checkPool(rule);
            }
        }
    }

    private void checkProbe(BalancingRule rule) {
        Optional<HealthProbe> found = observed.probes().stream()
            .filter(probe -> probe.name().equals(rule.probe())).findFirst();
        if (found.isEmpty()) {
            add(Check.RULE_WITHOUT_PROBE, "rule " + rule.name(), "refers to probe " + rule.probe()
                + ", which does not exist", APPLY + "attach an existing HTTP probe to " + rule.name());
            return;
        }
        HealthProbe probe = found.get();
        String subject = "probe " + probe.name();
        int checkPort = topology.healthCheckPort();
        if (probe.protocol() != ProbeProtocol.HTTP) {
            add(Check.PROBE_NOT_HTTP, subject, probe.protocol() == ProbeProtocol.TCP
                    ? "is a TCP probe: the standby accepts connections too, so both nodes look healthy and both "
                        + "get traffic"
                    : "uses HTTPS, but the nodes' health check speaks plain HTTP, so both nodes look down",
                "make it an HTTP probe on port " + checkPort + " with path /");
        }
        if (probe.port() != checkPort) {
            add(Check.PROBE_WRONG_PORT, subject, "probes port " + probe.port() + " but the nodes answer health "
                    + "checks on " + checkPort,
                "set the probe's port to " + checkPort + ", or set both nodes' HA Check Port to " + probe.port());
        }
        if (probe.protocol() != ProbeProtocol.TCP && !"/".equals(probe.path())) {
            add(Check.PROBE_WRONG_PATH, subject, "asks for path " + probe.path() + ", but only / answers 200 on "
                + "the active node", "set the probe's path to /");
        }
        if (probe.protocol() != ProbeProtocol.TCP && !probe.successCodes().isEmpty()
            && !"200".equals(probe.successCodes())) {
            add(Check.PROBE_WRONG_SUCCESS_CODES, subject, "counts HTTP " + probe.successCodes() + " as healthy, but "
                    + "only 200 means \"active\"; a node answering anything else in that range would get traffic too",
                APPLY + "set the probe's success codes (matcher) to exactly 200");
        }
        checkTiming(probe, subject);
    }

    /**
     * Slow probes are a trap, not just a delay: the balancer keeps sending to a dead active node
     * until it is marked unhealthy, and a node taking over gets nothing until it is marked healthy.
     * "Far from the pair's" is more than three times the topology's detection time.
     */
    private void checkTiming(HealthProbe probe, String subject) {
        HealthProbe wanted = topology.probe();
        int pairSeconds = wanted.intervalSeconds() * wanted.unhealthyThreshold();
        int downSeconds = probe.intervalSeconds() * probe.unhealthyThreshold();
        int upSeconds = probe.intervalSeconds() * probe.healthyThreshold();
        String fix = APPLY + "probe every " + wanted.intervalSeconds() + " s and count " + wanted.unhealthyThreshold()
            + " failures" + (wanted.healthyThreshold() > 0 ? " and " + wanted.healthyThreshold() + " successes" : "");
        if (downSeconds > SLOW_FACTOR * pairSeconds) {
            add(Check.PROBE_TOO_SLOW, subject, "marks a failed node down only after " + downSeconds + " s ("
                + probe.intervalSeconds() + " s x " + probe.unhealthyThreshold() + "), the pair expects " + pairSeconds
                + " s: a dead active node keeps its traffic that long", fix);
        } else if (upSeconds > SLOW_FACTOR * pairSeconds) {
            add(Check.PROBE_TOO_SLOW, subject, "marks a node healthy only after " + upSeconds + " s ("
                + probe.intervalSeconds() + " s x " + probe.healthyThreshold() + ") but down after " + downSeconds
                + " s: after a switchover no node is healthy for " + (upSeconds - downSeconds) + " s", fix);
        }
    }

    private void checkPool(BalancingRule rule) {
        Optional<BackendPool> pool = observed.pools().stream()
            .filter(candidate -> candidate.name().equals(rule.backendPool())).findFirst();
        for (PairNode node : topology.nodes()) {
            if (pool.isEmpty() || !pool.get().members().contains(node.name())) {
                add(Check.NODE_NOT_IN_POOL, node.name() + " (" + node.address() + ")",
                    "is not in backend pool " + rule.backendPool() + " of rule " + rule.name()
                        + ", so it never gets traffic and a failover to it fails",
                    APPLY + "add " + node.name() + " to pool " + rule.backendPool() + " (Azure: its network "
                        + "interface; AWS: register its instance in the target group)");
            }
        }
    }

    private void checkNatRules() {
        for (NatRule wanted : topology.natRules()) {
            String expected = wanted.target() + ":" + wanted.backendPort();
            List<NatRule> onPort = observed.natRules().stream()
                .filter(rule -> rule.frontendPort() == wanted.frontendPort()).toList();
            if (onPort.isEmpty()) {
                add(Check.NAT_RULE_MISSING, "port " + wanted.frontendPort(), "no NAT rule, so " + expected
                    + " cannot be reached through the balancer", APPLY + "add NAT rule " + wanted.name());
            }
            for (NatRule rule : onPort) {
                String actual = (rule.target().isEmpty() ? "no node" : rule.target()) + ":" + rule.backendPort();
                if (!actual.equals(expected) || rule.protocol() != wanted.protocol()) {
                    add(Check.NAT_RULE_WRONG, "NAT rule " + rule.name(), rule.protocol() + " "
                            + rule.frontendPort() + " leads to " + actual + ", expected " + wanted.protocol() + " to "
                            + expected, APPLY + "point it at " + expected);
                }
            }
        }
    }

    /**
     * With floating IP off, traffic arrives at the node's own address on the virtual service's port,
     * so a rule must forward that port to the same port. Azure's HA-ports rule (every protocol, port 0)
     * forwards every port as it is.
     */
    private void checkVirtualServicePorts() {
        if (observed.balancingRules().stream().anyMatch(BalancerChecks::forwardsEveryPort)) {
            return;
        }
        String ruleKind = topology.shape() == CloudShape.SHARED_POOL ? "load-balancing rule" : "listener";
        served.forEach((port, names) -> {
            String subject = PairDiagnosis.subject(port, names);
            String traffic = port.protocol() + " " + port.port();
            List<BalancingRule> onPort = observed.balancingRules().stream()
                .filter(rule -> rule.frontendPort() == port.port() && carries(rule, port)).toList();
            if (onPort.isEmpty()) {
                add(Check.VIRTUAL_SERVICE_NOT_BALANCED, subject, "no " + ruleKind + " forwards " + traffic
                        + ", so clients going through the balancer cannot reach it",
                    missingRuleFix(port, ruleKind));
            } else if (onPort.stream().noneMatch(rule -> rule.backendPort() == port.port())) {
                BalancingRule rule = onPort.get(0);
                add(Check.VIRTUAL_SERVICE_NOT_BALANCED, subject, ruleKind + " " + rule.name() + " forwards " + traffic
                        + " to port " + rule.backendPort() + " on the nodes, but the virtual service listens on "
                        + port.port(),
                    "set the backend port of " + rule.name() + " to " + port.port()
                        + (topology.owns(rule.name()) ? " (" + APPLY_FROM_NODE + " does)" : ""));
            }
        });
    }

    /** Names the rule apply would add: the topology's own when it publishes the port already. */
    private String missingRuleFix(PublishedPort port, String ruleKind) {
        String rule = topology.balancingRules().stream()
            .filter(wanted -> wanted.frontendPort() == port.port() && carries(wanted, port))
            .findFirst().map(wanted -> wanted.name() + ": " + wanted.summary())
            .orElse(port.protocol() + " " + port.port() + " -> " + port.port());
        return APPLY_FROM_NODE + ", which adds " + ruleKind + " " + rule;
    }

    private static boolean carries(BalancingRule rule, PublishedPort port) {
        return rule.protocol() == port.protocol() || rule.protocol() == Protocol.ANY;
    }

    private static boolean forwardsEveryPort(BalancingRule rule) {
        return rule.protocol() == Protocol.ANY && rule.frontendPort() == 0 && rule.backendPort() == 0;
    }

    private void add(Check check, String subject, String problem, String fix) {
        findings.add(new Finding(check, subject, problem, fix));
    }
}
