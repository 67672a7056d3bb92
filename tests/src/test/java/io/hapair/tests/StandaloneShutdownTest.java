package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node with HA off (ha-mode none) serves alone, and on SIGTERM answers 503 while it drains, then exits 0; a SIGTERM
 * while it starts stops it as cleanly, HAProxy included.
 */
class StandaloneShutdownTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(9);

    @Test
    void standaloneNodeAnswers503WhileDrainingAndExitsZero() {
        HaNodeProcess node = fixtures.node(NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--shutdown-drain", "2s"));
        await("alone answers 200").atMost(Patience.SETTLE).until(() -> node.healthCode() == 200);
        assertThat(node.health().body()).isEqualTo("Node is active");

        List<HealthPoller.Sample> samples;
        int exitCode;
        try (HealthPoller poller = HealthPoller.start(node)) {
            poller.awaitSamples(10);
            node.sigterm();
            exitCode = node.awaitExit(Patience.EXIT);
            samples = poller.stop();
        }
        int firstNot200 = samples.indexOf(samples.stream().filter(s -> s.code(0) != 200).findFirst().orElseThrow());
        List<HealthPoller.Sample> afterStop = samples.subList(firstNot200, samples.size());
        assertThat(afterStop).as("answered 503 while draining").anySatisfy(s -> assertThat(s.code(0)).isEqualTo(503));
        List<HealthPoller.Sample> servingAgain = HealthPoller.violating(afterStop, s -> s.code(0) != 200);
        assertThat(servingAgain).as("200 after it stopped answering 200: " + HealthPoller.describe(servingAgain, samples))
                .isEmpty();
        assertThat(exitCode).as("exit code after SIGTERM (the contract says 0)").isZero();
    }

    @Test
    void aNodeStoppedWhileItStartsStopsItsHaproxyAndExitsZero() throws IOException {
        // HAProxy that takes a second to start, announcing it: the node is then surely in the middle of its start.
        Path starting = fixtures.workDir().resolve("haproxy-starting");
        Path haproxy = fixtures.workDir().resolve("slow-haproxy");
        Files.writeString(haproxy, """
                #!/bin/sh
                touch '%s'
                sleep 1
                exec haproxy "$@"
                """.formatted(starting));
        Files.setPosixFilePermissions(haproxy, PosixFilePermissions.fromString("rwx------"));
        HaNodeProcess node = fixtures.unstartedNode(NodeOptions.of("early", "none", "prefer-master",
                fixtures.nextAddress(), null).with("--shutdown-drain", "0s").with("--haproxy", haproxy.toString()));

        node.start();
        await("the node starts its HAProxy").atMost(Patience.START).pollInterval(Duration.ofMillis(10))
                .until(() -> Files.exists(starting));
        node.sigterm();
        int exitCode = node.awaitExit(Patience.EXIT);

        await("no HAProxy of the node is left running").atMost(Duration.ofSeconds(5))
                .until(() -> processesNaming(node.dataPlaneDir()).isEmpty());
        assertThat(node.logOfThisRun()).contains("node: stop requested").contains("node: stopped");
        assertThat(exitCode).as("exit code after SIGTERM (the contract says 0)").isZero();
    }

    private static List<ProcessHandle> processesNaming(Path path) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(path.toString())).toList();
    }
}
