package io.hapair.node.capture;

import io.hapair.node.capture.model.CaptureRequest;
import io.hapair.node.capture.model.TcpdumpCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packet capture on this node with tcpdump, one at a time: the filter compiled first ({@code tcpdump -d}, so a
 * wrong one is refused before anything runs), then the capture, ended by whichever of its bounds comes first
 * (tcpdump stops itself at the packet limit; the node stops it at the time and size limits). Its file waits in
 * the data directory for one download, and is deleted once downloaded, after a while unread (10 minutes on a
 * node), when the next capture starts, and when the node starts or stops. Call on the node's event loop.
 */
public final class PacketCapture {

    private static final Logger LOG = LoggerFactory.getLogger(PacketCapture.class);
    private static final String FILE = "capture.pcap";
    private static final String ERRORS = "capture.err";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** A capture is running already; one at a time. */
    public static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /** tcpdump refused the filter or the interface ({@link #field}): what it said, and what to do. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        /** {@code filter} or {@code interface}. */
        public String field() {
            return field;
        }
    }

    /** tcpdump cannot be run at all (missing, not executable): the node's setup, not the request. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * What the API shows of the capture. {@code state}: {@code none}, {@code running}, {@code finished} (its file
     * waits for the download), {@code failed}, or {@code deleted} ({@code deletedBecause} says why: downloaded,
     * expired, replaced, failed). Times in milliseconds since the epoch.
     *
     * @param endedBy    {@code time limit}, {@code packet limit}, {@code size limit} or {@code stopped}
     * @param deletesAt  when the file, unread, is deleted
     * @param interfaces the host's interfaces now, which a capture may name (besides {@value CaptureRequest#ANY})
     */
    public record Status(String state, CaptureRequest request, Long startedAt, Long endedAt, long bytes,
                         Integer packetsCaptured, String endedBy, String error, Long deletesAt, String deletedBecause,
                         List<String> interfaces) {
    }

    /** The finished capture's file, handed out once. */
    public record Download(Path file, String fileName) {
    }

    /** One capture, from its start to its file's deletion; on the event loop. */
    private final class Run {
        final CaptureRequest request;
        final long startedAt = clock.getAsLong();
        String state = "running";
        TcpdumpRun tcpdump;
        long timer = -1;
        long expiry = -1;
        Long endedAt;
        Integer captured;
        String endedBy;
        String error;
        String deletedBecause;
        boolean handedOut;

        Run(CaptureRequest request) {
            this.request = request;
        }

        Status status() {
            return new Status(state, request, startedAt, endedAt, tcpdump == null ? 0 : tcpdump.bytes(), captured,
                    endedBy, error, state.equals("finished") && endedAt != null ? endedAt + keep.toMillis() : null,
                    deletedBecause, sortedInterfaces());
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final String program;
    private final Path dir;
    private final String nodeName;
    private final Duration keep;
    private final LongSupplier clock;
    private Run current;

    /**
     * @param program tcpdump, by name on PATH or by path
     * @param dir     the capture's own directory (in the data directory); nothing else lives there
     * @param keep    how long a finished capture's file waits for its download
     */
    public PacketCapture(Vertx vertx, Context context, String program, Path dir, String nodeName, Duration keep,
                         LongSupplier clock) {
        this.vertx = vertx;
        this.context = context;
        this.program = program;
        this.dir = dir;
        this.nodeName = nodeName;
        this.keep = keep;
        this.clock = clock;
    }

    /** Clears what a capture of a previous run left (the node stopped or died before its file was downloaded). */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dir);
            clear();
            return null;
        }, false);
    }

    /** Stops a running capture and deletes its file: the node is stopping. */
    public Future<Void> stop() {
        if (current != null && current.tcpdump != null) {
            current.endedBy = "stopped";
            current.tcpdump.terminate();
        }
        current = null;
        return vertx.executeBlocking(() -> {
            clear();
            return null;
        }, false);
    }

    /** The host's interfaces now, by name: what a capture may name besides {@value CaptureRequest#ANY}. */
    public static Set<String> hostInterfaces() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (SocketException e) {
            LOG.warn("capture: cannot list the host's interfaces: {}", e.getMessage());
            return Set.of();
        }
    }

    /** The capture's state, and the interfaces a capture may name now. */
    public Status status() {
        return current == null ? new Status("none", null, null, null, 0, null, null, null, null, null,
                sortedInterfaces()) : current.status();
    }

    private static List<String> sortedInterfaces() {
        return hostInterfaces().stream().sorted().toList();
    }

    /**
     * Starts a capture: fails with {@link Busy} while one runs, with {@link Refused} when tcpdump does not take
     * the filter (or cannot open the interface). A finished capture's file not yet downloaded is replaced.
     */
    public Future<Status> begin(CaptureRequest request) {
        if (current != null && current.state.equals("running")) {
            return Future.failedFuture(new Busy("a capture on " + current.request.interfaceName() + " runs since "
                    + Instant.ofEpochMilli(current.startedAt) + "; one at a time: wait for it to end, or"
                    + " stop it with POST /api/v1/capture/stop"));
        }
        discard();
        Run run = new Run(request);
        current = run;
        return vertx.executeBlocking(() -> TcpdumpRun.start(vertx, program, request, dir.resolve(FILE),
                dir.resolve(ERRORS), ended -> context.runOnContext(v -> ended(run, ended))), false).andThen(started -> {
            if (started.failed()) {
                if (current == run) {
                    current = null;
                }
                return;
            }
            run.tcpdump = started.result();
            if (current != run) {
                // The node stopped while tcpdump started.
                run.tcpdump.terminate();
                return;
            }
            LOG.info("capture: started on {}{} for at most {} s, {} packets, {} KiB", request.interfaceName(),
                    request.filter().isEmpty() ? "" : " (" + request.filter() + ")", request.seconds(),
                    request.packets(), request.kib());
            run.timer = vertx.setTimer(request.seconds() * 1000L, t -> {
                if (run.state.equals("running")) {
                    run.endedBy = "time limit";
                    run.tcpdump.terminate();
                }
            });
        }).map(p -> run.status());
    }

    /** Stops the running capture; its file waits for the download as when a limit ends it. */
    public Status halt() throws Busy {
        if (current == null || !current.state.equals("running") || current.tcpdump == null) {
            throw new Busy("no capture is running; start one with POST /api/v1/capture");
        }
        current.endedBy = "stopped";
        current.tcpdump.terminate();
        return current.status();
    }

    /**
     * The finished capture's file, handed out once; {@link #downloaded} deletes it. Empty when there is none to
     * hand out; fails with {@link Busy} while the capture runs.
     */
    public Optional<Download> download() throws Busy {
        if (current != null && current.state.equals("running")) {
            throw new Busy("the capture is still running; download it once it has ended (GET /api/v1/capture says"
                    + " when), or stop it with POST /api/v1/capture/stop");
        }
        if (current == null || !current.state.equals("finished") || current.handedOut) {
            return Optional.empty();
        }
        current.handedOut = true;
        String stamp = STAMP.format(Instant.ofEpochMilli(current.startedAt));
        return Optional.of(new Download(dir.resolve(FILE), nodeName + "-" + current.request.interfaceName()
                + "-" + stamp + ".pcap"));
    }

    /** The download ended (sent or not): the file goes, as the operator was told. Callable from any thread. */
    public void downloaded() {
        context.runOnContext(v -> {
            if (current != null && current.handedOut && current.state.equals("finished")) {
                delete(current, "downloaded");
            }
        });
    }

    private void ended(Run run, TcpdumpRun.Ended ended) {
        vertx.cancelTimer(run.timer);
        if (current != run) {
            return;
        }
        run.endedAt = clock.getAsLong();
        OptionalInt captured = TcpdumpCommand.packetsCaptured(ended.errors());
        run.captured = captured.isPresent() ? captured.getAsInt() : null;
        if (ended.sizeReached()) {
            run.endedBy = "size limit";
        } else if (run.endedBy == null && ended.exitCode() == 0) {
            run.endedBy = "packet limit";
        }
        if (ended.failure() != null || run.endedBy == null) {
            run.error = ended.failure() != null ? ended.failure() : "tcpdump ended with exit code " + ended.exitCode()
                    + ": " + lastLine(ended.errors());
            LOG.warn("capture: on {} failed: {}", run.request.interfaceName(), run.error);
            delete(run, "failed");
            run.state = "failed";
            return;
        }
        run.state = "finished";
        LOG.info("capture: on {} ended by its {}: {} bytes{}", run.request.interfaceName(), run.endedBy,
                ended.bytes(), run.captured == null ? "" : ", " + run.captured + " packets");
        run.expiry = vertx.setTimer(keep.toMillis(), t -> {
            if (current == run && !run.handedOut) {
                delete(run, "expired");
            }
        });
    }

    /** A new capture replaces the last one's file. */
    private void discard() {
        if (current != null && current.state.equals("finished")) {
            delete(current, "replaced");
        }
    }

    private void delete(Run run, String because) {
        vertx.cancelTimer(run.expiry);
        run.state = "deleted";
        run.deletedBecause = because;
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            Files.deleteIfExists(dir.resolve(ERRORS));
            LOG.info("capture: file of the capture on {} deleted ({})", run.request.interfaceName(), because);
        } catch (IOException e) {
            LOG.warn("capture: cannot delete {}: {}", dir.resolve(FILE), e.getMessage());
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isEmpty() ? "no output" : lines[lines.length - 1];
    }

    private void clear() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
