package io.hapair.tests.deploy;

import static io.hapair.tests.deploy.TerraformValues.cast;
import static io.hapair.tests.deploy.TerraformValues.text;
import static io.hapair.tests.deploy.TerraformValues.texts;

import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.tests.deploy.TerraformValues.Ref;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pair on an NLB, written as one line per listener and per security-group rule, both from
 * PairTopology (mapped as issue 6 says) and from the evaluated aws-ha-pair module, so that the two
 * compare line by line.
 */
final class AwsModuleWiring {

    private AwsModuleWiring() {
    }

    /** What PairTopology asks of an NLB: pair name prefixes the target groups. */
    static List<String> expected(PairTopology topology, String pairName) {
        List<String> lines = new ArrayList<>();
        HealthProbe probe = topology.probe();
        String health = "HTTP " + probe.port() + " " + probe.path() + " matcher 200 every " + probe.intervalSeconds()
            + " s, healthy " + probe.unhealthyThreshold() + " unhealthy " + probe.unhealthyThreshold();
        for (BalancingRule rule : topology.balancingRules()) {
            String protocol = rule.protocol().name();
            lines.add("listener " + protocol + " " + rule.frontendPort() + " -> " + pairName + "-"
                + protocol.toLowerCase(Locale.ROOT) + "-" + rule.backendPort() + ": " + protocol + " "
                + rule.backendPort() + ", " + health + ", targets node1:" + rule.backendPort() + " node2:"
                + rule.backendPort());
        }
        for (NatRule rule : topology.natRules()) {
            String suffix = rule.name().substring(rule.name().indexOf("nat-") + 4);
            lines.add("listener TCP " + rule.frontendPort() + " -> " + pairName + "-" + suffix + ": TCP "
                + rule.backendPort() + ", TCP traffic-port, targets " + rule.target() + ":" + rule.backendPort());
        }
        for (SecurityRule rule : topology.securityRules()) {
            if (rule.access() == SecurityRule.Access.ALLOW) {
                boolean betweenNodes = rule.sources().equals(List.of(SecurityRule.PAIR_NODES));
                lines.add("ingress " + rule.name() + ": " + rule.protocol().name().toLowerCase(Locale.ROOT) + " "
                    + String.join(",", rule.destinationPorts()) + " from "
                    + (betweenNodes ? "the nodes' security group" : String.join(",", rule.sources())));
            }
        }
        return sorted(lines);
    }

    /** What the evaluated module declares. */
    static List<String> declared(TerraformValues values, PairTopology topology) {
        List<String> lines = new ArrayList<>();
        for (String group : List.of("traffic", "management")) {
            Map<Object, Map<String, Object>> targetGroups = values.instances("aws_lb_target_group", group);
            Map<Object, Map<String, Object>> attachments = values.instances("aws_lb_target_group_attachment", group);
            values.instances("aws_lb_listener", group).values().forEach(listener -> {
                Ref forward = (Ref) cast(listener.get("default_action")).get("target_group_arn");
                Map<String, Object> targetGroup = targetGroups.get(forward.key());
                List<String> targets = new ArrayList<>();
                attachments.values().stream()
                    .filter(a -> ((Ref) a.get("target_group_arn")).key().equals(forward.key()))
                    .forEach(a -> targets.add(node(values, topology, (Ref) a.get("target_id")) + ":" + a.get("port")));
                lines.add("listener " + text(listener.get("protocol")) + " " + listener.get("port") + " -> "
                    + text(targetGroup.get("name")) + ": " + text(targetGroup.get("protocol")) + " "
                    + targetGroup.get("port") + ", " + health(cast(targetGroup.get("health_check"))) + ", targets "
                    + String.join(" ", new TreeSet<>(targets)));
            });
        }
        values.instances("aws_security_group", "nodes").values().forEach(group ->
            ((List<?>) group.get("ingress")).forEach(ingress -> {
                Map<String, Object> rule = cast(ingress);
                String ports = rule.get("from_port").equals(rule.get("to_port")) ? String.valueOf(rule.get("from_port"))
                    : rule.get("from_port") + "-" + rule.get("to_port");
                String sources = Boolean.TRUE.equals(rule.get("self")) && texts(rule.get("cidr_blocks")).isEmpty()
                    ? "the nodes' security group" : String.join(",", new TreeSet<>(texts(rule.get("cidr_blocks"))));
                lines.add("ingress " + text(rule.get("description")) + ": " + text(rule.get("protocol")) + " " + ports
                    + " from " + sources);
            }));
        return sorted(lines);
    }

    private static String health(Map<String, Object> check) {
        String protocol = text(check.get("protocol"));
        if (protocol.equals("TCP")) {
            return "TCP " + text(check.get("port"));
        }
        return protocol + " " + text(check.get("port")) + " " + text(check.get("path")) + " matcher "
            + text(check.get("matcher")) + " every " + check.get("interval") + " s, healthy "
            + check.get("healthy_threshold") + " unhealthy " + check.get("unhealthy_threshold");
    }

    private static String node(TerraformValues values, PairTopology topology, Ref instanceId) {
        return PairParts.nodeAt(topology,
            text(values.instances(instanceId.type(), instanceId.name()).get(instanceId.key()).get("private_ip")));
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
