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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node started the way users start it, with {@code ./hanode run}. */
class LauncherTest {

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
}
