package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.SecurityRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the pair's parts out of the evaluated ARM template the way the Azure adapter reads them from
 * Azure: pool membership and NAT targets from the NICs (a NIC is a node by its private address).
 */
final class ArmPairParts {

    private ArmPairParts() {
    }

    static List<CloudPart> of(ArmTemplate arm, PairTopology topology) {
        JsonNode balancer = single(arm, "Microsoft.Network/loadBalancers").properties();
        JsonNode securityGroup = single(arm, "Microsoft.Network/networkSecurityGroups").properties();
        Map<String, List<String>> poolMembers = new HashMap<>();
        Map<String, String> natTargets = new HashMap<>();
        for (ArmTemplate.Resource nic : arm.resources("Microsoft.Network/networkInterfaces")) {
            for (JsonNode ipConfiguration : nic.properties().path("ipConfigurations")) {
                String node = PairParts.nodeAt(topology, ipConfiguration.path("properties").path("privateIPAddress").asText());
                for (JsonNode pool : ipConfiguration.path("properties").path("loadBalancerBackendAddressPools")) {
                    poolMembers.computeIfAbsent(lastSegment(pool.path("id").asText()), k -> new ArrayList<>()).add(node);
                }
                for (JsonNode nat : ipConfiguration.path("properties").path("loadBalancerInboundNatRules")) {
                    natTargets.put(lastSegment(nat.path("id").asText()), node);
                }
            }
        }
        List<CloudPart> parts = new ArrayList<>();
        for (JsonNode pool : balancer.path("backendAddressPools")) {
            String name = pool.path("name").asText();
            parts.add(new BackendPool(name, poolMembers.getOrDefault(name, List.of())));
        }
        for (JsonNode probe : balancer.path("probes")) {
            JsonNode p = probe.path("properties");
            parts.add(new HealthProbe(probe.path("name").asText(),
                ProbeProtocol.valueOf(p.path("protocol").asText().toUpperCase(Locale.ROOT)), p.path("port").asInt(),
                p.path("requestPath").asText(), p.path("intervalInSeconds").asInt(), p.path("numberOfProbes").asInt()));
        }
        for (JsonNode rule : balancer.path("loadBalancingRules")) {
            JsonNode r = rule.path("properties");
            parts.add(new BalancingRule(rule.path("name").asText(), PairParts.protocol(r.path("protocol").asText()),
                r.path("frontendPort").asInt(), r.path("backendPort").asInt(), lastSegment(r.path("probe").path("id").asText()),
                lastSegment(r.path("backendAddressPool").path("id").asText()), r.path("idleTimeoutInMinutes").asInt(),
                r.path("enableFloatingIP").asBoolean(), PairParts.persistence(r.path("loadDistribution").asText())));
        }
        for (JsonNode rule : balancer.path("inboundNatRules")) {
            JsonNode r = rule.path("properties");
            String name = rule.path("name").asText();
            parts.add(new NatRule(name, PairParts.protocol(r.path("protocol").asText()), r.path("frontendPort").asInt(),
                r.path("backendPort").asInt(), natTargets.getOrDefault(name, "")));
        }
        for (JsonNode rule : securityGroup.path("securityRules")) {
            parts.add(securityRule(rule));
        }
        return parts;
    }

    private static SecurityRule securityRule(JsonNode rule) {
        String name = rule.path("name").asText();
        JsonNode r = rule.path("properties");
        return new SecurityRule(name, r.path("priority").asInt(),
            SecurityRule.Direction.valueOf(r.path("direction").asText().toUpperCase(Locale.ROOT)),
            SecurityRule.Access.valueOf(r.path("access").asText().toUpperCase(Locale.ROOT)),
            PairParts.protocol(r.path("protocol").asText()),
            PairParts.oneOrMany(name, "sourceAddressPrefix", text(r.get("sourceAddressPrefix")),
                texts(r.get("sourceAddressPrefixes"))),
            PairParts.oneOrMany(name, "destinationAddressPrefix", text(r.get("destinationAddressPrefix")),
                texts(r.get("destinationAddressPrefixes"))),
            PairParts.oneOrMany(name, "destinationPortRange", text(r.get("destinationPortRange")),
                texts(r.get("destinationPortRanges"))));
    }

    static ArmTemplate.Resource single(ArmTemplate arm, String type) {
        List<ArmTemplate.Resource> resources = arm.resources(type);
        if (resources.size() != 1) {
            throw new AssertionError("expected one " + type + " in the template, found " + resources.size());
        }
        return resources.get(0);
    }

    static String lastSegment(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> texts(JsonNode values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(value -> out.add(value.asText()));
        }
        return out;
    }
}
