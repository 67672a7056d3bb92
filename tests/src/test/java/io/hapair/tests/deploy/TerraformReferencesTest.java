package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Terraform directory: variables declared and used, outputs pointing at what exists. */
class TerraformReferencesTest {

    // resource.name, data.type.name, local.x, var.x, module.name.output; the type names a provider.
    private static final Pattern REFERENCE = Pattern.compile(
        "\\b(?:(data)\\.)?((?:azurerm|aws)_[a-z0-9_]+)\\.([a-z0-9_]+)|\\blocal\\.([a-z0-9_]+)|\\bvar\\.([a-z0-9_]+)"
            + "|\\bmodule\\.([a-z0-9_]+)\\.([a-z0-9_]+)");

    @ParameterizedTest
    @ValueSource(strings = {"modules/azure-ha-pair", "modules/aws-ha-pair", "examples/azure", "examples/aws"})
    void everyVariableIsDeclaredAndUsed(String dir) throws IOException {
        TerraformModule module = TerraformModule.parse(DeploySamples.terraform(dir));
        Set<String> undeclared = new LinkedHashSet<>(module.variableReferences());
        undeclared.removeAll(module.variables().keySet());
        Set<String> unused = new LinkedHashSet<>(module.variables().keySet());
        unused.removeAll(module.variableReferences());
        assertThat(undeclared).as("var.x without a variable x").isEmpty();
        assertThat(unused).as("variables nothing refers to").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"modules/azure-ha-pair", "modules/aws-ha-pair", "examples/azure", "examples/aws"})
    void outputsReferToDeclaredResourcesLocalsVariablesAndModuleOutputs(String dir) throws IOException {
        TerraformModule module = TerraformModule.parse(DeploySamples.terraform(dir));
        assertThat(module.outputs()).as("outputs of " + dir).isNotEmpty();
        List<String> dangling = new ArrayList<>();
        for (String output : module.outputs().keySet()) {
            Matcher reference = REFERENCE.matcher(module.blockText("output", output));
            while (reference.find()) {
                if (!declared(module, reference)) {
                    dangling.add("output " + output + " refers to " + reference.group());
                }
            }
        }
        assertThat(dangling).isEmpty();
    }

    private static boolean declared(TerraformModule module, Matcher reference) throws IOException {
        if (reference.group(2) != null) {
            var blocks = reference.group(1) != null ? module.dataSources() : module.resources();
            return blocks.getOrDefault(reference.group(2), java.util.Map.of()).containsKey(reference.group(3));
        }
        if (reference.group(4) != null) {
            return module.locals().containsKey(reference.group(4));
        }
        if (reference.group(5) != null) {
            return module.variables().containsKey(reference.group(5));
        }
        Object called = module.modules().get(reference.group(6));
        if (called == null) {
            return false;
        }
        String source = TerraformValues.cast(called).get("source").toString();
        return TerraformModule.parse(module.dir().resolve(source).normalize()).outputs().containsKey(reference.group(7));
    }
}
