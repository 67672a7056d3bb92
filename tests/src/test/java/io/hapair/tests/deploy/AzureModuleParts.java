package io.hapair.tests.deploy;

import static io.hapair.tests.deploy.TerraformValues.cast;
import static io.hapair.tests.deploy.TerraformValues.number;
import static io.hapair.tests.deploy.TerraformValues.text;
import static io.hapair.tests.deploy.TerraformValues.texts;

import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.CloudPart;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.ProbeProtocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.tests.deploy.TerraformValues.Ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the pair's parts out of the evaluated azure-ha-pair module the way the Azure adapter reads
 * them from Azure: pool membership and NAT targets from the NIC associations, a NIC being a node
 * by its private address.
 */
final class AzureModuleParts {

    private final TerraformModule module;
    private final TerraformValues values;
    private final PairTopology topology;

    AzureModuleParts(TerraformModule module, TerraformValues values, PairTopology topology) {
        this.module = module;
        this.values = values;
        this.topology = topology;
    }

    List<CloudPart> parts() {
        List<CloudPart> parts = new ArrayList<>();
        Map<String, List<String>> members = new HashMap<>();
        forEach("azurerm_network_interface_backend_address_pool_association", association -> members
            .computeIfAbsent(nameOf(association.get("backend_address_pool_id")), k -> new ArrayList<>())
            .add(nodeOf(association.get("network_interface_id"))));
        forEach("azurerm_lb_backend_address_pool", pool -> parts.add(new BackendPool(text(pool.get("name")),
            members.getOrDefault(text(pool.get("name")), List.of()))));
        forEach("azurerm_lb_probe", probe -> parts.add(new HealthProbe(text(probe.get("name")),
            ProbeProtocol.valueOf(text(probe.get("protocol")).toUpperCase(Locale.ROOT)), number(probe.get("port")),
            text(probe.get("request_path")), number(probe.get("interval_in_seconds")),
            number(probe.get("number_of_probes")))));
        forEach("azurerm_lb_rule", rule -> parts.add(new BalancingRule(text(rule.get("name")),
            PairParts.protocol(text(rule.get("protocol"))), number(rule.get("frontend_port")),
            number(rule.get("backend_port")), nameOf(rule.get("probe_id")),
            nameOf(((List<?>) rule.get("backend_address_pool_ids")).get(0)), number(rule.get("idle_timeout_in_minutes")),
            Boolean.TRUE.equals(rule.get("floating_ip_enabled")), PairParts.persistence(text(rule.get("load_distribution"))))));
        Map<String, String> natTargets = new HashMap<>();
        forEach("azurerm_network_interface_nat_rule_association", association -> natTargets.put(
            nameOf(association.get("nat_rule_id")), nodeOf(association.get("network_interface_id"))));
        forEach("azurerm_lb_nat_rule", rule -> parts.add(new NatRule(text(rule.get("name")),
            PairParts.protocol(text(rule.get("protocol"))), number(rule.get("frontend_port")),
            number(rule.get("backend_port")), natTargets.getOrDefault(text(rule.get("name")), ""))));
        forEach("azurerm_network_security_group", group -> ((List<?>) group.get("security_rule"))
            .forEach(rule -> parts.add(securityRule(cast(rule)))));
        return parts;
    }

    private SecurityRule securityRule(Map<String, Object> rule) {
        String name = text(rule.get("name"));
        return new SecurityRule(name, number(rule.get("priority")),
            SecurityRule.Direction.valueOf(text(rule.get("direction")).toUpperCase(Locale.ROOT)),
            SecurityRule.Access.valueOf(text(rule.get("access")).toUpperCase(Locale.ROOT)),
            PairParts.protocol(text(rule.get("protocol"))),
            PairParts.oneOrMany(name, "source_address_prefix", (String) rule.get("source_address_prefix"),
                texts(rule.get("source_address_prefixes"))),
            PairParts.oneOrMany(name, "destination_address_prefix", (String) rule.get("destination_address_prefix"),
                texts(rule.get("destination_address_prefixes"))),
            PairParts.oneOrMany(name, "destination_port_range", (String) rule.get("destination_port_range"),
                texts(rule.get("destination_port_ranges"))));
    }

    private void forEach(String type, java.util.function.Consumer<Map<String, Object>> action) {
        module.resources().getOrDefault(type, Map.of()).keySet()
            .forEach(name -> values.instances(type, name).values().forEach(action));
    }

    /** The name argument of the resource instance a reference points at. */
    private String nameOf(Object reference) {
        Ref ref = (Ref) reference;
        Map<String, Object> instance = values.instances(ref.type(), ref.name()).get(ref.key());
        if (instance == null) {
            throw new AssertionError("reference to " + ref.type() + "." + ref.name() + "[" + ref.key()
                + "], which has no such instance");
        }
        return text(instance.get("name"));
    }

    /** The pair node whose NIC a reference points at, by the NIC's private address. */
    private String nodeOf(Object nicReference) {
        Ref ref = (Ref) nicReference;
        Map<String, Object> nic = values.instances(ref.type(), ref.name()).get(ref.key());
        return PairParts.nodeAt(topology, text(cast(nic.get("ip_configuration")).get("private_ip_address")));
    }
}
