package io.hapair.tests.deploy;

import io.hapair.cloud.topology.PublishedPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The arguments an example passes to its module, evaluated in the example's own scope. */
final class TerraformExamples {

    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "depends_on", "count", "for_each",
        "providers");

    private TerraformExamples() {
    }

    /** What an example passes to its module "ha_pair", its own secrets and URL set to the samples. */
    static Map<String, Object> moduleArguments(TerraformModule example) {
        return moduleArguments(example, "ha_pair", Map.of("admin_password", DeploySamples.ADMIN_PASSWORD,
            "pairing_secret", DeploySamples.PAIRING_SECRET, "node_release_url", DeploySamples.RELEASE_URL));
    }

    static Map<String, Object> moduleArguments(TerraformModule example, String moduleName,
                                               Map<String, Object> exampleVariables) {
        TerraformValues values = new TerraformValues(example, exampleVariables);
        Object block = example.modules().get(moduleName);
        if (block == null) {
            throw new AssertionError(example.dir() + " has no module \"" + moduleName + "\"");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        TerraformValues.cast(block).forEach((name, value) -> {
            if (!META_ARGUMENTS.contains(name)) {
                arguments.put(name, values.evaluate(value, Map.of()));
            }
        });
        return arguments;
    }

    /** A published_ports variable ([{port, protocol}]) as PairTopology's ports. */
    static List<PublishedPort> publishedPorts(Object variable) {
        List<PublishedPort> ports = new ArrayList<>();
        for (Object port : (List<?>) variable) {
            Map<String, Object> p = TerraformValues.cast(port);
            ports.add(new PublishedPort(TerraformValues.number(p.get("port")),
                PairParts.protocol(TerraformValues.text(p.get("protocol")))));
        }
        return ports;
    }
}
