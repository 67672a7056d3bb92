package io.hapair.tests.wui;

import io.hapair.node.dataplane.HaproxyDataPlane;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.tests.fixture.HaNodeProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One real node process for the browser tests, started from the built jar. */
final class WuiNode {

    static final String PASSWORD = "wui-test-password";
    static final String SECRET = "wui-pairing-secret-0123456789";

    final String name;
    final String address;
    final String partner;
    final String mode;
    final Path dataDir;
    private final List<String> moreFlags;
    private Process process;

    WuiNode(String name, String mode, String address, String partner, Path dataDir, String... moreFlags) {
        this.name = name;
        this.mode = mode;
        this.address = address;
        this.partner = partner;
        this.dataDir = dataDir;
        this.moreFlags = List.of(moreFlags);
    }

    String url(String page) {
        return "https://" + address + ":8443/ui/" + page;
    }

    void start() throws IOException {
        String jar = System.getProperty("hanode.jar", "../ha-node/target/hanode.jar");
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar, "run", "--node-name", name,
                "--ha-mode", mode, "--partner", partner, "--primary-address", address, "--pairing-secret", SECRET,
                "--admin-password", PASSWORD, "--data-dir", dataDir.toString(), "--unconnected-after", "3s",
                "--shutdown-drain", "1s",
                // The test's BalancerProbes stand in for the balancer from loopback addresses of their own.
                "--probe-sources", "any"));
        command.addAll(moreFlags);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("node.log").toFile()).start();
    }

    /**
     * Waits until the node says it started (its servers listen), so that a browser's first page does not meet a
     * refused connection; fails with the node's log if it exits first.
     */
    void awaitStarted(Duration timeout) {
        Path log = dataDir.resolve("node.log");
        HaNodeProcess.awaitStarted(name, process, () -> Files.exists(log) ? Files.readString(log) : "", timeout);
    }

    /** Kills the node and the HAProxy it runs (a killed JVM leaves its child serving), as a machine that dies. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        HaproxyDataPlane.stopLeftover(dataDir.resolve(DataPlaneHost.DIRECTORY_IN_DATA_DIR));
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
