package io.hapair.tests.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The arguments an example passes to its module, evaluated in the example's own scope. */
final class TerraformExamples {

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
            if (!name.equals("source")) {
                arguments.put(name, values.evaluate(value, Map.of()));
            }
        });
        return arguments;
    }
}
