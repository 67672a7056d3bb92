package io.hapair.node.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One node of the demo pair: a child JVM running {@code hanode run}, so it can be killed for real. */
public final class DemoNode {

    private final String name;
    private final String address;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    DemoNode(String name, String address, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.address = address;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** The child's command line: this JVM's java, this jar, {@code run} and the node's flags. */
    static List<String> command(Path jar, List<String> flags) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only and the serial collector: a control-plane process starts faster and competes less
        // for the CPU with its partner when both start on one small machine. An exhausted heap ends the
        // process, as in production, so the partner takes over instead of a node answering 200 unable to serve.
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "run"));
        cmd.addAll(flags);
        return cmd;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public Path log() {
        return log;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return running() ? process.pid() : -1;
    }

    public synchronized void start() throws IOException {
        if (running()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** kill -9: the node gets no chance to hand over, as when a VM dies. */
    public synchronized void kill() {
        if (running()) {
            process.destroyForcibly();
        }
    }

    /** SIGTERM: a planned stop; the node hands over first if it is active. */
    public synchronized void stop() {
        if (running()) {
            process.destroy();
        }
    }

    /** Stops the node and waits for it, killing it when it does not exit within {@code seconds}. */
    public void stopAndWait(long seconds) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
