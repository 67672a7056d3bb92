package io.hapair.node.capture;

import io.hapair.node.capture.model.CaptureRequest;
import io.hapair.node.capture.model.TcpdumpCommand;
import io.hapair.node.hostexec.HostProgram;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tcpdump capture process: its filter compiled first, then the capture, its pcap output copied into the file
 * by a thread of its own, which stops tcpdump once the file reaches the size limit and reports the end.
 */
final class TcpdumpRun {

    private static final Logger LOG = LoggerFactory.getLogger(TcpdumpRun.class);
    // Compiling a filter is instant; a tcpdump that takes longer is stuck.
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    // tcpdump opens its capture in milliseconds; one still not listening after this is reported running anyway.
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(5);
    private static final long LISTEN_POLL_MILLIS = 5;
    // What tcpdump prints on its standard error once its capture is open ("listening on lo, link-type ...").
    private static final String LISTENING = "listening on ";
    // tcpdump ends at once on SIGTERM; one that is still there after this is stuck, and its file is left unfinished.
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);
    // After the size limit is reached tcpdump gets SIGTERM; whole packets already in the pipe are kept, up to this.
    static final long SLACK_BYTES = 1024 * 1024;

    /**
     * How the process ended.
     *
     * @param errors  what tcpdump printed on its standard error (its packet count, or why it failed)
     * @param failure why the file could not be written, or null
     */
    record Ended(int exitCode, boolean sizeReached, long bytes, String errors, String failure) {
    }

    private final Vertx vertx;
    private final Process process;
    private volatile long bytes;
    private volatile boolean sizeReached;

    private TcpdumpRun(Vertx vertx, Process process) {
        this.vertx = vertx;
        this.process = process;
    }

    /**
     * Blocking, on a worker: compiles the filter ({@code tcpdump -d}), then starts the capture into {@code file},
     * tcpdump's standard error into {@code errorsFile}, and returns once tcpdump says it listens (or has ended), so
     * that a capture reported running misses no packet sent after. {@code onEnd} is called on the copying thread.
     */
    static TcpdumpRun start(Vertx vertx, String program, CaptureRequest request, Path file, Path errorsFile,
                            Consumer<Ended> onEnd) throws PacketCapture.Refused, PacketCapture.Unavailable, IOException {
        HostProgram.Ran checked;
        try {
            checked = HostProgram.run(TcpdumpCommand.check(program, request), CHECK_TIMEOUT);
        } catch (HostProgram.NotRun e) {
            throw new PacketCapture.Unavailable(e.started() ? e.getMessage() : e.getMessage() + "; install tcpdump"
                    + " (Debian package tcpdump) or set the tcpdump key to its path");
        }
        if (!checked.ok()) {
            // tcpdump names the interface first when it is the interface it cannot open ("tcpdump: eth9: ...").
            String said = checked.said();
            if (said.startsWith("tcpdump: " + request.interfaceName() + ":")) {
                throw new PacketCapture.Refused("interface", "tcpdump cannot capture on " + request.interfaceName()
                        + ": " + said + "; the node needs CAP_NET_RAW (see the README's host tools)");
            }
            throw new PacketCapture.Refused("filter", "tcpdump does not take this filter: " + said + "; give an"
                    + " expression as pcap-filter(7) describes, such as 'tcp port 443 and host 10.0.0.5'");
        }
        Process process = new ProcessBuilder(TcpdumpCommand.capture(program, request))
                .redirectError(errorsFile.toFile()).start();
        process.getOutputStream().close();
        TcpdumpRun run = new TcpdumpRun(vertx, process);
        Thread copier = new Thread(() -> onEnd.accept(run.copy(file, request.kib() * 1024L, errorsFile)),
                "capture " + request.interfaceName());
        copier.setDaemon(true);
        copier.start();
        awaitListening(process, errorsFile);
        return run;
    }

    private static void awaitListening(Process process, Path errorsFile) throws IOException {
        long until = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        while (process.isAlive() && !Files.readString(errorsFile, StandardCharsets.UTF_8).contains(LISTENING)) {
            if (System.nanoTime() > until) {
                LOG.warn("capture: tcpdump has not said it listens after {} s; reporting the capture running anyway",
                        LISTEN_TIMEOUT.toSeconds());
                return;
            }
            try {
                Thread.sleep(LISTEN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The size of the file so far. */
    long bytes() {
        return bytes;
    }

    /**
     * SIGTERM, on which tcpdump writes out what it holds and prints its count. Through the process's handle:
     * {@link Process#destroy} would also close the pipe, losing the packets still in it.
     */
    void terminate() {
        process.toHandle().destroy();
        vertx.setTimer(KILL_AFTER.toMillis(), t -> {
            if (process.isAlive()) {
                LOG.warn("capture: tcpdump did not end on SIGTERM within {} s; killing it", KILL_AFTER.toSeconds());
                process.destroyForcibly();
            }
        });
    }

    private Ended copy(Path file, long limit, Path errorsFile) {
        String failure = null;
        try (InputStream in = process.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                int kept = (int) Math.max(0, Math.min(n, limit + SLACK_BYTES - bytes));
                out.write(buffer, 0, kept);
                bytes += kept;
                if (bytes >= limit && !sizeReached) {
                    sizeReached = true;
                    terminate();
                }
            }
            process.waitFor();
        } catch (IOException e) {
            failure = "cannot write the capture file " + file + ": " + e.getMessage();
            terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate();
            failure = "interrupted";
        }
        String errors;
        try {
            errors = Files.exists(errorsFile) ? Files.readString(errorsFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            errors = "";
        }
        return new Ended(failure == null ? process.exitValue() : -1, sizeReached, bytes, errors, failure);
    }
}
