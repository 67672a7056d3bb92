package io.hapair.node.dataplane;

import io.hapair.node.dataplane.DataPlaneHealth.State;
import io.hapair.node.dataplane.model.MasterReloads;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy's master process as a child of the node: started in master-worker mode with a master
 * socket, reloaded through it, restarted with backoff when it dies. Every method is blocking and runs
 * on the data plane's one worker thread, so starts, reloads, restarts and stops never overlap.
 */
final class HaproxyProcess {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyProcess.class);

    /** What HAProxy said about a start or reload. */
    record Result(boolean loaded, String output) {
    }

    /**
     * Long enough for HAProxy to load thousands of services and certificates; a start that says nothing for this
     * long is taken as failed, a reload is then asked of the master (its count of reloads and refused ones).
     */
    static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(30);
    // 1 s, then twice as long after each failure in a row, up to 30 s: a crash loop neither spins nor
    // leaves the node without a data plane for long once the cause is gone.
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    // Output closed with no verdict: the program is exiting (not HAProxy, or one that failed at once); the
    // exit is reaped moments after its output closes, and its status is the better reason.
    private static final Duration EXIT_AFTER_CLOSE = Duration.ofSeconds(1);
    // A master that ran this long before it died was working: the backoff starts over.
    private static final Duration STABLE = Duration.ofMinutes(1);
    // How long a master left by an earlier run of the node gets to leave on SIGTERM.
    private static final Duration STALE_EXIT = Duration.ofSeconds(10);
    // The master's words for a configuration it loaded, or did not, at start and at every reload.
    private static final String LOADED = "Loading success.";
    private static final String NOT_LOADED = "Loading failure!";
    // ... and for the soft stop it took.
    private static final String STOPPING = "Exiting Master process";
    // How often a master that has loaded its configuration is asked whether its socket is up yet.
    private static final Duration MASTER_SOCKET_POLL = Duration.ofMillis(20);
    // How long the master gets to say it took a signal before it is sent again.
    private static final Duration SIGNAL_TAKEN = Duration.ofSeconds(1);

    private final String executable;
    private final HaproxyFiles files;
    private final Consumer<DataPlaneHealth> health;
    private final Consumer<Duration> restartLater;
    private final Consumer<Process> onExit;
    private final Function<String, String> explain;
    private final Duration verdictTimeout;
    private Process process;
    private HaproxyOutput output;
    private Instant startedAt;
    private int failures;
    private boolean stopping;

    /**
     * @param health told every change of health
     * @param restartLater schedules {@link #restart()} on the worker after the delay
     * @param onExit told (on any thread) when a master exits; the caller runs {@link #exited} on the worker
     * @param explain HAProxy's output as the reason an operator reads (alerts on document fields)
     * @param verdictTimeout how long a start or reload gets to say whether it loaded (see {@link #VERDICT_TIMEOUT})
     */
    HaproxyProcess(String executable, HaproxyFiles files, Consumer<DataPlaneHealth> health,
                   Consumer<Duration> restartLater, Consumer<Process> onExit, Function<String, String> explain,
                   Duration verdictTimeout) {
        this.executable = executable;
        this.files = files;
        this.health = health;
        this.restartLater = restartLater;
        this.onExit = onExit;
        this.explain = explain;
        this.verdictTimeout = verdictTimeout;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the master with the configuration on disk; on failure, health says why and a restart is scheduled. */
    Result start() throws InterruptedException {
        stopping = false;
        health(State.STARTING, "starting haproxy");
        stopLeftover(files);
        Process started;
        try {
            started = new ProcessBuilder(executable, "-W", "-S", files.masterSocket() + ",mode,600",
                    "-f", files.config().toString(), "-p", files.pidFile().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return failedToStart(new Result(false, "cannot run " + executable + " (" + e.getMessage()
                    + "); install HAProxy (apt-get install haproxy) or set the path to it"));
        }
        process = started;
        output = new HaproxyOutput();
        Result result;
        try (HaproxyOutput.Expectation verdict = output.expect(HaproxyProcess::isVerdict)) {
            output.read(started);
            startedAt = Instant.now();
            started.onExit().thenRun(() -> onExit.accept(started));
            long deadline = System.nanoTime() + verdictTimeout.toNanos();
            result = verdict(0, verdict.await(verdictTimeout), started, deadline);
        }
        if (!result.loaded()) {
            process = null; // its exit is this failure, not another one to restart from
            List<ProcessHandle> workers = started.descendants().toList();
            started.destroyForcibly();
            started.waitFor();
            for (ProcessHandle worker : workers) {
                end(worker);
            }
            return failedToStart(result);
        }
        health(State.RUNNING, "haproxy master " + started.pid() + " serves the configuration");
        return result;
    }

    /**
     * Reloads the configuration on disk; a refused one leaves the old workers serving, as HAProxy does. A verdict
     * that does not come in time is asked of the master once it answers again: a reload it loaded is not taken for
     * a refusal (which would leave the node reporting its services refused while HAProxy serves them).
     */
    Result reload() throws IOException, InterruptedException {
        long mark = output.mark();
        MasterReloads before = reloads();
        try (HaproxyOutput.Expectation verdict = output.expect(HaproxyProcess::isVerdict)) {
            HaproxySocket.tell(files.masterSocket(), "reload");
            long deadline = System.nanoTime() + verdictTimeout.toNanos();
            String line = verdict.await(verdictTimeout);
            if (line == null && process.isAlive()) {
                return askedAfterSilence(mark, before, deadline + verdictTimeout.toNanos());
            }
            return verdict(mark, line, process, deadline);
        }
    }

    private MasterReloads reloads() throws IOException {
        String answer = HaproxySocket.command(files.masterSocket(), "show proc");
        return MasterReloads.of(answer).orElseThrow(() -> new IOException("haproxy's master answered 'show proc' "
                + "on " + files.masterSocket() + " without its reload count: " + answer.strip()));
    }

    /** The master's own counts, polled until they show the reload or the deadline passes. */
    private Result askedAfterSilence(long mark, MasterReloads before, long deadline) throws InterruptedException {
        LOG.warn("data plane: haproxy said nothing of the reload within {} s; asking its master",
                verdictTimeout.toSeconds());
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                Optional<Boolean> loaded = reloads().loadedSince(before);
                if (loaded.isPresent()) {
                    return new Result(loaded.get(), said(mark, process) + "\nhaproxy's master counts the reload as "
                            + (loaded.get() ? "loaded" : "refused") + " (its own verdict line did not come within "
                            + verdictTimeout.toSeconds() + " s)");
                }
            } catch (IOException notYet) {
                // Still parsing the configuration: the master serves its socket again once it has.
            }
            Thread.sleep(MASTER_SOCKET_POLL.toMillis());
        }
        return new Result(false, said(mark, process) + "\nhaproxy's master did not say whether it loaded the "
                + "configuration within " + verdictTimeout.multipliedBy(2).toSeconds() + " s");
    }

    /**
     * Called on the worker after {@code exited} left: unless it was stopped or replaced on purpose, health
     * turns failed and a restart is scheduled.
     */
    void exited(Process exited) {
        if (exited != process || stopping) {
            return;
        }
        boolean wasStable = Duration.between(startedAt, Instant.now()).compareTo(STABLE) >= 0;
        failures = wasStable ? 1 : failures + 1;
        Duration delay = backoff();
        health(State.FAILED, "haproxy exited with status " + exited.exitValue() + lastAlert()
                + "; restarting in " + delay.toSeconds() + " s");
        restartLater.accept(delay);
    }

    /** A scheduled restart: does nothing when a master runs again (an apply started one) or the node stopped it. */
    void restart() throws InterruptedException {
        if (!stopping && !running()) {
            start();
        }
    }

    /**
     * Stops taking connections and lets the open ones finish for up to {@code drain} (SIGUSR1: the workers
     * unbind and leave with their last connection, then the master), then ends whatever is left (SIGTERM,
     * then SIGKILL).
     */
    void stop(Duration drain) throws IOException, InterruptedException {
        stopping = true;
        if (running()) {
            List<ProcessHandle> workers = process.descendants().toList();
            long deadline = System.nanoTime() + drain.toNanos();
            if (!drain.isZero()) {
                softStop(deadline);
            }
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                hardStop();
            }
            // A master that died of the signal before it handled signals leaves its workers: they leave on their
            // own when they see it gone, or are made to.
            for (ProcessHandle worker : workers) {
                end(worker);
            }
        }
        health(State.STOPPED, "stopped");
    }

    /**
     * Signals the soft stop until the master says it took it: a master still setting up after a reload
     * does not yet handle the signal, and it would be lost.
     */
    private void softStop(long deadline) throws IOException, InterruptedException {
        try (HaproxyOutput.Expectation taken = output.expect(line -> line.contains(STOPPING))) {
            do {
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).inheritIO().start().waitFor();
                if (taken.await(SIGNAL_TAKEN) != null) {
                    return;
                }
            } while (process.isAlive() && System.nanoTime() < deadline);
        }
    }

    /** SIGTERM until the master leaves (a signal it gets while still setting up is lost), SIGKILL at last. */
    private void hardStop() throws InterruptedException {
        long deadline = System.nanoTime() + STALE_EXIT.toNanos();
        do {
            process.destroy();
        } while (!process.waitFor(SIGNAL_TAKEN.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static void end(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(STALE_EXIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    private static boolean isVerdict(String line) {
        return line.contains(LOADED) || line.contains(NOT_LOADED);
    }

    /**
     * What the master's verdict {@code line} (null: none came; a master that dies says why before its output
     * closes, with its workers' exit) and its output since {@code mark} say of a start or reload.
     */
    private Result verdict(long mark, String line, Process master, long deadline) throws InterruptedException {
        boolean loaded = line != null && line.contains(LOADED);
        boolean answers = loaded && masterAnswers(master, deadline);
        String said = said(mark, master);
        if (line == null && !master.waitFor(EXIT_AFTER_CLOSE.toMillis(), TimeUnit.MILLISECONDS)
                || loaded && !answers) {
            return new Result(false, said + "\nhaproxy's master did not " + (loaded ? "answer on its socket" :
                    "say whether it loaded the configuration") + " within " + verdictTimeout.toSeconds() + " s");
        }
        if (line == null) {
            // Nothing else ran: all it said is its own, whatever pid the lines carry.
            String all = String.join("\n", output.since(mark));
            return new Result(false, (all.isEmpty() ? "" : all + "\n") + executable + " exited with status "
                    + master.exitValue() + " without loading the configuration");
        }
        return new Result(loaded, said);
    }

    /** The master's lines only: a worker's alert meanwhile ("no server available") is no reason for a verdict. */
    private String said(long mark, Process master) {
        return output.since(mark).stream().filter(l -> l.contains("(" + master.pid() + ")"))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Whether the master answers on its socket before the deadline: after "Loading success." it still sets
     * up its socket and signal handlers, and a reload or stop sent before then would be lost.
     */
    private boolean masterAnswers(Process master, long deadline) throws InterruptedException {
        while (master.isAlive() && System.nanoTime() < deadline) {
            try {
                HaproxySocket.command(files.masterSocket(), "show proc");
                return true;
            } catch (IOException notYet) {
                Thread.sleep(MASTER_SOCKET_POLL.toMillis());
            }
        }
        return false;
    }

    private Result failedToStart(Result result) {
        failures++;
        Duration delay = backoff();
        health(State.FAILED, "haproxy cannot start: " + explain.apply(result.output()) + "; trying again in "
                + delay.toSeconds() + " s");
        restartLater.accept(delay);
        return result;
    }

    private Duration backoff() {
        long seconds = FIRST_BACKOFF.toSeconds() << Math.min(failures - 1, 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private String lastAlert() {
        List<String> lines = output == null ? List.of() : output.since(0);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("[ALERT]")) {
                return " (" + explain.apply(lines.get(i)) + ")";
            }
        }
        return "";
    }

    /**
     * A master left running by an earlier run of the node (killed with -9, so it could not stop its child)
     * would serve beside the new one on the same ports: it is stopped first.
     */
    static void stopLeftover(HaproxyFiles files) throws InterruptedException {
        String pid;
        try {
            pid = Files.exists(files.pidFile()) ? Files.readString(files.pidFile()).strip() : "";
        } catch (IOException e) {
            LOG.warn("data plane: cannot read {} to stop a master left by an earlier run: {}", files.pidFile(),
                    e.toString());
            return;
        }
        if (!pid.matches("\\d{1,10}")) {
            return;
        }
        Optional<ProcessHandle> stale = ProcessHandle.of(Long.parseLong(pid))
                .filter(p -> p.info().commandLine().orElse("").contains(files.masterSocket().toString()));
        if (stale.isPresent()) {
            List<ProcessHandle> workers = stale.get().descendants().toList();
            stale.get().destroy();
            end(stale.get());
            for (ProcessHandle worker : workers) {
                end(worker);
            }
        }
    }

    private void health(State state, String reason) {
        health.accept(new DataPlaneHealth(state, reason, Instant.now()));
    }
}
