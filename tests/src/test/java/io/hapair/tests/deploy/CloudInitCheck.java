package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rendered cloud-init user data through Debian's cloud-init (its own schema), the systemd units it
 * writes through systemd-analyze verify, and the shell scripts it writes through shellcheck.
 */
final class CloudInitCheck {

    private static final Pattern UNIT = Pattern.compile("/(etc|lib|usr/lib)/systemd/system/[^/]+\\.(service|socket|timer|path|target|mount)");
    static final Pattern SHELL = Pattern.compile("#!\\s*(/usr)?/bin/(env\\s+)?(sh|bash|dash)\\b.*");
    // The units start programs the boot installs (the JDK package, the release jar, scripts that other
    // write_files entries create): on this host they may be absent, and that is the only message verify may print.
    private static final Pattern MISSING_EXECUTABLE = Pattern.compile(".*: Command \\S+ is not executable: No such file or directory");

    private CloudInitCheck() {
    }

    /** One line per problem, prefixed with the label of the rendering; empty when all three tools accept it. */
    static List<String> findings(String label, String userData, Path scratch) {
        try {
            Path dir = Files.createTempDirectory(scratch, "cloud-init");
            Path file = dir.resolve("user-data");
            Files.writeString(file, userData);
            List<String> findings = new ArrayList<>();
            DeployTools.Result schema = DeployTools.run(List.of("cloud-init", "schema", "--config-file", file.toString()));
            if (schema.exitCode() != 0) {
                findings.add(label + ": cloud-init schema: " + schema.output());
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(userData);
            List<String> units = new ArrayList<>();
            List<Path> scripts = new ArrayList<>();
            Path unitDir = Files.createDirectories(dir.resolve("units"));
            Path scriptDir = Files.createDirectories(dir.resolve("scripts"));
            for (JsonNode written : root.path("write_files")) {
                String path = written.path("path").asText();
                String content = written.path("content").asText();
                if (UNIT.matcher(path).matches()) {
                    Path unit = unitDir.resolve(Path.of(path).getFileName());
                    Files.writeString(unit, content);
                    units.add(unit.toString());
                } else if (SHELL.matcher(content.lines().findFirst().orElse("")).matches()) {
                    Path script = scriptDir.resolve(path.substring(1).replace('/', '_'));
                    Files.writeString(script, content);
                    scripts.add(script);
                }
            }
            if (!units.isEmpty()) {
                List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
                command.addAll(units);
                DeployTools.Result verify = DeployTools.run(command);
                verify.output().lines().filter(line -> !line.isBlank() && !MISSING_EXECUTABLE.matcher(line).matches())
                    .forEach(line -> findings.add(label + ": systemd-analyze verify: " + line.replace(unitDir + "/", "")));
            }
            ShellScripts.shellcheck(scripts).forEach(line -> findings.add(label + ": shellcheck "
                + line.replace(scriptDir + "/", "")));
            return findings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
