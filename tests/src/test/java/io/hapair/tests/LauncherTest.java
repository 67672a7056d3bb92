package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node started the way users start it, with {@code ./hanode run}. */
class LauncherTest {

    private static final String TRAINED_CLASS = "io.hapair.node.cli.HaNodeCommand source: shared objects file (top)";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(115);

    @Test
    void nodeStartedByTheLauncherExitsOnOutOfMemoryEvenWithItsOwnJvmOptions() throws Exception {
        Path log = fixtures.workDir().resolve("launched.log");
        ProcessBuilder builder = new ProcessBuilder(HanodeJar.launcher().toString(), "run",
                "--primary-address", fixtures.nextAddress(), "--data-dir", fixtures.workDir().resolve("launched-data").toString())
                .redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_"));
        builder.environment().put("HANODE_ADMIN_PASSWORD", NodeOptions.PASSWORD);
        // An operator's own JVM options replace the launcher's defaults, but not the exit on out-of-memory.
        builder.environment().put("HANODE_JAVA_OPTS", String.join(" ", NodeOptions.LIGHT_JVM));
        Process node = builder.start();
        try {
            await("node started by the launcher").atMost(Patience.START).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("started as"));

            List<String> jvm = List.of(node.info().arguments().orElseThrow());

            assertThat(jvm).as("the JVM the launcher exec'd (pid " + node.pid() + ")")
                    .contains("-XX:+ExitOnOutOfMemoryError").containsAll(NodeOptions.LIGHT_JVM);
        } finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
        }
    }

    @Test
    void twoFirstRunsAtOnceLeaveOneArchiveThatTheNextStartMapsAndACutShortArchiveIsDropped() throws Exception {
        // A launcher of its own beside a copy of the jar: the archive the test makes is nobody else's.
        Path root = fixtures.workDir().resolve("launcher-copy");
        Path target = Files.createDirectories(root.resolve("ha-node/target"));
        Files.copy(HanodeJar.launcher(), root.resolve("hanode"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(HanodeJar.jar(), target.resolve("hanode.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path launcher = root.resolve("hanode");

        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = fixtures.workDir().resolve("first-run-" + i + ".log");
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run", "--primary-address", fixtures.nextAddress(),
                    "--shutdown-drain", "0s",
                    "--data-dir", fixtures.workDir().resolve("first-run-" + i).toString())
                    .redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_"));
            builder.environment().put("HANODE_ADMIN_PASSWORD", NodeOptions.PASSWORD);
            nodes.add(builder.start());
        }
        try {
            for (int i = 0; i < 2; i++) {
                Path log = fixtures.workDir().resolve("first-run-" + i + ".log");
                await("first run " + i + " started").atMost(Patience.START).pollInterval(java.time.Duration.ofMillis(200))
                        .until(() -> Files.readString(log).contains("started as"));
            }
        } finally {
            for (Process node : nodes) {
                node.destroy();
            }
            for (Process node : nodes) {
                if (!node.waitFor(Patience.EXIT.toSeconds(), TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
        }
        assertThat(files(target, "hanode.jsa.*.part")).as("each first run archives into a file of its own").hasSize(2);
        assertThat(target.resolve("hanode.jsa")).doesNotExist();

        Path archive = target.resolve("hanode.jsa");
        assertThat(version(launcher)).contains(TRAINED_CLASS);
        assertThat(archive).exists();
        assertThat(files(target, "hanode.jsa.*")).as("the other first run's archive is dropped or renamed").isEmpty();

        // A node killed while it wrote its archive leaves it cut short; a JVM that mapped it would crash.
        byte[] whole = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(target.resolve("hanode.jsa.2147483647.part"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(version(launcher)).doesNotContain(TRAINED_CLASS).contains("hanode ");
        assertThat(files(target, "hanode.jsa*")).isEmpty();
    }

    /** {@code hanode --version} through {@code launcher}, with the class-loading log on standard output. */
    private static String version(Path launcher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_"));
        builder.environment().put("HANODE_JAVA_OPTS", "-Xlog:class+load=info");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(Patience.EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<Path> files(Path folder, String glob) throws Exception {
        List<Path> found = new ArrayList<>();
        try (var matches = Files.newDirectoryStream(folder, glob)) {
            matches.forEach(found::add);
        }
        return found;
    }
}
