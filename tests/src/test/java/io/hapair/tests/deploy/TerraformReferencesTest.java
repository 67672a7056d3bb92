package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Terraform directory: variables declared and used, outputs pointing at what exists. The
 * references are the traversals in HCL's own syntax tree of each expression (HclFiles).
 */
class TerraformReferencesTest {

    // The first two (for module.m.o, three) names of a traversal such as aws_instance.node["node1"].private_ip.
    private static final Pattern TRAVERSAL = Pattern.compile("^([A-Za-z_][\\w-]*)\\.([A-Za-z_][\\w-]*)(?:\\.([A-Za-z_][\\w-]*))?");

    @ParameterizedTest
    @ValueSource(strings = {"modules/azure-ha-pair", "modules/aws-ha-pair", "examples/azure", "examples/aws"})
    void everyVariableIsDeclaredAndUsed(String dir) {
        Map<Path, HclFiles.HclFile> module = HclFiles.parseModule(DeploySamples.terraform(dir));
        Set<String> used = new LinkedHashSet<>();
        module.values().forEach(file -> file.references().values().forEach(references -> references.forEach(reference -> {
            Matcher traversal = TRAVERSAL.matcher(reference);
            if (traversal.find() && traversal.group(1).equals("var")) {
                used.add(traversal.group(2));
            }
        })));
        Set<String> declared = HclFiles.names(module, "variable");
        Set<String> undeclared = new LinkedHashSet<>(used);
        undeclared.removeAll(declared);
        Set<String> unused = new LinkedHashSet<>(declared);
        unused.removeAll(used);
        assertThat(undeclared).as("var.x without a variable x").isEmpty();
        assertThat(unused).as("variables nothing refers to").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"modules/azure-ha-pair", "modules/aws-ha-pair", "examples/azure", "examples/aws"})
    void outputsReferToDeclaredResourcesLocalsVariablesAndModuleOutputs(String dir) {
        Path path = DeploySamples.terraform(dir);
        Map<Path, HclFiles.HclFile> module = HclFiles.parseModule(path);
        Set<String> outputs = HclFiles.names(module, "output");
        assertThat(outputs).as("outputs of " + dir).isNotEmpty();
        List<String> dangling = new ArrayList<>();
        for (HclFiles.HclFile file : module.values()) {
            file.references().forEach((block, references) -> {
                if (block.startsWith("output.")) {
                    references.stream().filter(reference -> !declared(path, module, reference))
                        .forEach(reference -> dangling.add(block + " refers to " + reference));
                }
            });
        }
        assertThat(dangling).isEmpty();
    }

    private static boolean declared(Path dir, Map<Path, HclFiles.HclFile> module, String reference) {
        Matcher traversal = TRAVERSAL.matcher(reference);
        if (!traversal.find()) {
            return false;
        }
        String root = traversal.group(1);
        String name = traversal.group(2);
        return switch (root) {
            case "each", "count", "self", "path", "terraform" -> true;
            case "var" -> HclFiles.names(module, "variable").contains(name);
            case "local" -> HclFiles.names(module, "locals").contains(name);
            case "data" -> traversal.group(3) != null && blockDeclared(module, "data", name, traversal.group(3));
            case "module" -> traversal.group(3) != null && moduleOutput(dir, module, name, traversal.group(3));
            default -> blockDeclared(module, "resource", root, name);
        };
    }

    private static boolean blockDeclared(Map<Path, HclFiles.HclFile> module, String kind, String type, String name) {
        return module.values().stream().anyMatch(file -> file.body().path(kind).path(type).has(name));
    }

    private static boolean moduleOutput(Path dir, Map<Path, HclFiles.HclFile> module, String name, String output) {
        for (HclFiles.HclFile file : module.values()) {
            for (JsonNode call : file.body().path("module").path(name)) {
                Path source = dir.resolve(call.path("source").asText()).normalize();
                return HclFiles.names(HclFiles.parseModule(source), "output").contains(output);
            }
        }
        return false;
    }
}
