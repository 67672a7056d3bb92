package io.hapair.tests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real tools the deploy files are checked with: npm packages (installed by run-tests from
 * tests/deploy-tools/package.json into one directory, its node_modules named by the system property
 * hapair.deploy.tools) run by node, and Debian's cloud-init, systemd-analyze and shellcheck.
 */
final class DeployTools {

    static final String INSTALL_HINT = "./run-tests installs it (Debian packages cloud-init, shellcheck, nodejs/npm; npm"
        + " packages of tests/deploy-tools/package.json into /var/cache/hapair-npm)";

    /** A finished command: exit code and what it printed. */
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return (stdout + stderr).strip();
        }
    }

    private DeployTools() {
    }

    /** The node_modules directory of tests/deploy-tools/package.json's packages. */
    static Path nodeModules() {
        Path dir = Path.of(System.getProperty("hapair.deploy.tools", "/var/cache/hapair-npm/node_modules"));
        if (!Files.isDirectory(dir.resolve("@cdktf/hcl2json"))) {
            throw new AssertionError("the deploy tools are not installed in " + dir + ": " + INSTALL_HINT);
        }
        return dir;
    }

    /** Runs one of this package's node scripts (src/test/resources/deploy) with node_modules as its first argument. */
    static Result node(String script, List<String> args) {
        List<String> command = new ArrayList<>(List.of("node", resource(script).toString(), nodeModules().toString()));
        command.addAll(args);
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(script + " failed: " + result.output());
        }
        return result;
    }

    /** Runs a command to its end; a tool that is not installed fails with how to install it. */
    static Result run(List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-tool", ".out");
            Path err = Files.createTempFile("deploy-tool", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                int exit = process.waitFor();
                return new Result(exit, Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(DeployTools.class.getResource("/deploy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
