package io.hapair.tests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The repository's shell scripts (a sh/bash shebang or a .sh name) and shellcheck's verdict on them. */
final class ShellScripts {

    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules");

    private ShellScripts() {
    }

    static List<Path> under(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                .filter(f -> Stream.of(root.relativize(f).toString().split("/")).noneMatch(SKIPPED::contains))
                .filter(ShellScripts::isShellScript).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** shellcheck's findings (all severities), one line each as file:line:column: level: message [code]. */
    static List<String> shellcheck(List<Path> scripts) {
        if (scripts.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("shellcheck", "--format=gcc"));
        scripts.forEach(script -> command.add(script.toString()));
        DeployTools.Result result = DeployTools.run(command);
        if (result.exitCode() != 0 && result.stdout().isBlank()) {
            throw new AssertionError("shellcheck failed: " + result.output());
        }
        return result.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    private static boolean isShellScript(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return CloudInitCheck.SHELL.matcher(lines.findFirst().orElse("")).matches();
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
