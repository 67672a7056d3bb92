package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deploy files as the clouds' own tools see them: HCL by HashiCorp's parser and the providers'
 * schemas, the ARM template by the Azure SDK's models, the user data by cloud-init, systemd and
 * shellcheck, and every shell script by shellcheck: the repository's files pass every check, and a
 * scratch copy of them with one deployment-breaking edit at a time fails with a finding that names it.
 */
class DeployFilesValidationTest {

    // The deploy files a scratch copy holds: everything the checks read, the user data renderings included.
    private static final List<String> DEPLOY_FILES = List.of("terraform", "arm-templates");

    @TempDir
    Path scratch;

    private DeployValidation validation() {
        return new DeployValidation(DeploySamples.repositoryRoot(), scratch);
    }

    @Test
    void everyTerraformArgumentAndBlockIsInTheProviderSchemas() {
        assertThat(validation().terraform()).isEmpty();
    }

    @Test
    void everyArmResourceHasAKnownApiVersionAndKnownProperties() throws IOException {
        assertThat(validation().armTemplate()).isEmpty();
    }

    @Test
    void renderedCloudInitItsUnitsAndItsScriptsPassCloudInitSystemdAndShellcheck() throws Exception {
        assertThat(validation().userData()).hasSize(4);
        assertThat(validation().cloudInit()).isEmpty();
    }

    @Test
    void everyShellScriptPassesShellcheck() {
        assertThat(ShellScripts.under(DeploySamples.repositoryRoot()))
            .extracting(script -> DeploySamples.repositoryRoot().relativize(script).toString())
            .contains("run-tests", "hanode", ".ci/run", "arm-templates/embed-cloud-init", "tests/benchmark.sh");
        assertThat(validation().shellScripts()).isEmpty();
    }

    /**
     * Label, the check that must catch it, file, the text edited (a regex), its replacement, and what the
     * findings must then say. Each edit runs only its own check: the others read files the edit leaves alone.
     */
    static Stream<Arguments> breakingEdits() {
        return Stream.of(
            Arguments.of("an azurerm 3.x argument name", "terraform", "terraform/modules/azure-ha-pair/nodes.tf",
                "(?m)^(\\s+)accelerated_networking_enabled(\\s*=)", "$1enable_accelerated_networking$2",
                "azurerm_network_interface.node: unknown argument or block enable_accelerated_networking"),
            Arguments.of("a misspelt argument in the AWS module", "terraform", "terraform/modules/aws-ha-pair/main.tf",
                "(?m)^(\\s+)load_balancer_type(\\s*=)", "$1loadbalancer_type$2",
                "aws_lb.pair: unknown argument or block loadbalancer_type"),
            Arguments.of("a wrong ARM property name", "arm", "arm-templates/azuredeploy.json",
                "\"idleTimeoutInMinutes\"", "\"idleTimeoutMinutes\"", "unknown property"),
            Arguments.of("an apiVersion that does not exist", "arm", "arm-templates/azuredeploy.json",
                "\"apiVersion\": \"[0-9-]+\"", "\"apiVersion\": \"2024-02-30\"", "apiVersion 2024-02-30 is not an API version"),
            Arguments.of("a systemd directive typo", "cloud-init", "terraform/cloud-init/hanode.cloud-init.tftpl",
                "TimeoutStopSec=", "TimeoutStopSecs=", "Unknown key 'TimeoutStopSecs' in section [Service]"),
            Arguments.of("a cloud-init schema error", "cloud-init", "terraform/cloud-init/hanode.cloud-init.tftpl",
                "(?m)^(\\s+)permissions:", "$1permission:", "'permission' was unexpected"),
            Arguments.of("a shellcheck error", "shellcheck", "arm-templates/embed-cloud-init",
                "\"\\$SOURCE\"", "\\$SOURCE", "[SC2086]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingEdits")
    void eachKindOfBreakingEditFailsTheChecks(String label, String check, String file, String regex,
                                              String replacement, String expected) throws Exception {
        Path copy = copyOfDeployFiles();
        Path edited = copy.resolve(file);
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(edited));
        assertThat(matcher.find()).as("the text to edit (" + regex + ") in " + file).isTrue();
        Files.writeString(edited, matcher.replaceFirst(replacement));
        DeployValidation validation = new DeployValidation(copy, scratch);
        List<String> findings = switch (check) {
            case "terraform" -> validation.terraform();
            case "arm" -> validation.armTemplate();
            case "cloud-init" -> validation.cloudInit();
            case "shellcheck" -> validation.shellScripts();
            default -> throw new IllegalArgumentException("no check named " + check);
        };
        assertThat(findings).anyMatch(finding -> finding.contains(expected));
    }

    private Path copyOfDeployFiles() throws IOException {
        Path root = Files.createTempDirectory(scratch, "deploy-files");
        Path repository = DeploySamples.repositoryRoot();
        for (String top : DEPLOY_FILES) {
            try (Stream<Path> files = Files.walk(repository.resolve(top))) {
                for (Path source : files.toList()) {
                    Path target = root.resolve(repository.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }
        return root;
    }
}
