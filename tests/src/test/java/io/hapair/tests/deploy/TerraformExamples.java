package io.hapair.tests.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The arguments an example passes to its module, evaluated in the example's own scope. */
final class TerraformExamples {

    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "depends_on", "count", "for_each",
        "providers");

    private TerraformExamples() {
    }

    static Map<String, Object> moduleArguments(TerraformModule example, String moduleName,
                                               Map<String, Object> exampleVariables) {
        TerraformValues values = new TerraformValues(example, exampleVariables);
        Object block = example.modules().get(moduleName);
        if (block == null) {
            throw new AssertionError(example.dir() + " has no module \"" + moduleName + "\"");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        AzureModuleParts.cast(block).forEach((name, value) -> {
            if (!META_ARGUMENTS.contains(name)) {
                arguments.put(name, values.evaluate(value, Map.of()));
            }
        });
        return arguments;
    }
}
