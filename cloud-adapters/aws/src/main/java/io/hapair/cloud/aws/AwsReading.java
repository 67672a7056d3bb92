package io.hapair.cloud.aws;

import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.Drain;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SessionPersistence;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates what ELB returned into the core's plain parts. A target group is a pool and a probe of
 * its own name, and with the listener that forwards to it a load-balancing rule, or, on a
 * management port, a NAT rule. The pair's groups keep their names; a group not the pair's is named
 * by its ARN's resource ("targetgroup/NAME/ID"), which never carries the prefix, so the planner
 * leaves it alone even when its name does. Values ELB leaves out read as its documented defaults.
 */
final class AwsReading {

    // ELB's defaults for attributes a group created elsewhere may not list.
    private static final int ELB_DEFAULT_DEREGISTRATION_DELAY = 300;

    private final PairTopology topology;
    private final PairTags tags;
    private final AwsSnapshot snapshot;

    private AwsReading(PairTopology topology, PairTags tags, AwsSnapshot snapshot) {
        this.topology = topology;
        this.tags = tags;
        this.snapshot = snapshot;
    }

    static AwsReading of(PairTopology topology, PairTags tags, AwsSnapshot snapshot) {
        return new AwsReading(topology, tags, snapshot);
    }

    ObservedPair observed() {
        List<BackendPool> pools = new ArrayList<>();
        List<HealthProbe> probes = new ArrayList<>();
        List<BalancingRule> rules = new ArrayList<>();
        List<NatRule> natRules = new ArrayList<>();
        for (TargetGroupState group : snapshot.targetGroups()) {
            String name = partName(group);
            Optional<ListenerState> listener = snapshot.listenerTo(group.arn());
            if (servesNatRule(group, listener)) {
                natRules.add(new NatRule(name, protocol(listener.map(l -> l.listener().protocolAsString())
                    .orElse(group.group().protocolAsString())), listener.map(ListenerState::port).orElse(0),
                    group.group().port(), String.join("+", members(group)), Optional.of(probe(name, group)),
                    Optional.of(drain(group))));
                continue;
            }
            pools.add(new BackendPool(name, members(group), Optional.of(drain(group))));
            probes.add(probe(name, group));
            listener.ifPresent(found -> rules.add(new BalancingRule(name, protocol(found.listener().protocolAsString()),
                found.port(), group.group().port(), name, name, 0, false, persistence(group))));
        }
        return new ObservedPair(pools, probes, rules, natRules,
            SecurityGroupReading.rules(topology, tags, snapshot), List.of());
    }

    /** The pair's group by tag and prefix keeps its name; any other group is named by its ARN's resource. */
    String partName(TargetGroupState group) {
        return owned(group) ? group.name() : group.resourceId();
    }

    boolean owned(TargetGroupState group) {
        return tags.owns(group.tags()) && topology.owns(group.name());
    }

    /** The pair's groups say what they serve; another's serves a NAT rule when its listener is on a management port. */
    private boolean servesNatRule(TargetGroupState group, Optional<ListenerState> listener) {
        if (owned(group)) {
            return PairTags.NAT_RULE.equals(group.tags().get(PairTags.KIND));
        }
        PairTopology.ManagementPorts management = topology.managementPorts();
        Set<Integer> natPorts = Set.of(management.node1Api(), management.node2Api(), management.node1Ssh(),
            management.node2Ssh());
        return listener.filter(found -> natPorts.contains(found.port())).isPresent();
    }

    /** Registered targets by node name; a target leaving (draining) is no longer a member. */
    private List<String> members(TargetGroupState group) {
        return group.targets().stream()
            .filter(target -> target.targetHealth() == null
                || target.targetHealth().state() != TargetHealthStateEnum.DRAINING)
            .map(target -> snapshot.instance(target.target().id()).map(instance -> instance.node().name())
                .orElse("instance " + target.target().id()))
            .distinct().toList();
    }

    private static HealthProbe probe(String name, TargetGroupState group) {
        HealthCheck check = HealthCheck.of(group.group());
        ProbeProtocol protocol = switch (check.protocol() == null ? "TCP" : check.protocol()) {
            case "HTTP" -> ProbeProtocol.HTTP;
            case "HTTPS" -> ProbeProtocol.HTTPS;
            default -> ProbeProtocol.TCP;
        };
        int port = HealthCheck.TRAFFIC_PORT.equals(check.port()) || check.port() == null ? group.group().port()
            : Integer.parseInt(check.port());
        return new HealthProbe(name, protocol, port, check.path(), check.intervalSeconds(), check.unhealthyThreshold(),
            check.healthyThreshold(), check.matcher());
    }

    private static Drain drain(TargetGroupState group) {
        String delay = group.attributes().get(TargetGroupSpecs.DEREGISTRATION_DELAY);
        return new Drain(delay == null ? ELB_DEFAULT_DEREGISTRATION_DELAY : Integer.parseInt(delay),
            Boolean.parseBoolean(group.attributes().get(TargetGroupSpecs.CONNECTION_TERMINATION)));
    }

    private static SessionPersistence persistence(TargetGroupState group) {
        return Boolean.parseBoolean(group.attributes().get(TargetGroupSpecs.STICKINESS))
            ? SessionPersistence.CLIENT_IP : SessionPersistence.NONE;
    }

    private static Protocol protocol(String elbProtocol) {
        return switch (elbProtocol == null ? "" : elbProtocol) {
            case "TCP", "TLS" -> Protocol.TCP;
            case "UDP" -> Protocol.UDP;
            case "TCP_UDP" -> Protocol.ANY;
            default -> Protocol.OTHER;
        };
    }
}
