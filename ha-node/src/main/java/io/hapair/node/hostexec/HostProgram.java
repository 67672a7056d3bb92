package io.hapair.node.hostexec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A host program (ip, chronyc, hostnamectl...) run to its end, without a shell, with nothing on its input.
 * Blocking: call on a worker thread. The callers add what the operator should do about each outcome.
 */
public final class HostProgram {

    /**
     * A program that ran to its end.
     *
     * @param output what it printed on its standard output
     * @param errors what it printed on its standard error, stripped
     */
    public record Ran(int exitCode, String output, String errors) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** Its error output, or else its output, on one line: what to quote when it failed. */
        public String said() {
            String said = errors.isEmpty() ? output.strip() : errors;
            return said.isEmpty() ? "no output" : said.replace('\n', ' ');
        }
    }

    /** A program that did not run to its end. */
    public static final class NotRun extends Exception {

        private final boolean started;

        NotRun(String message, boolean started) {
            super(message);
            this.started = started;
        }

        /** False when the program could not be started at all (missing, not executable): a fix of its own. */
        public boolean started() {
            return started;
        }
    }

    // Once the program has exited, its pipes close at once; longer means a child it left behind holds them.
    private static final Duration STREAM_CLOSE = Duration.ofSeconds(5);

    private HostProgram() {
    }

    private static FutureTask<byte[]> drain(InputStream stream, String shown) {
        FutureTask<byte[]> read = new FutureTask<>(stream::readAllBytes);
        Thread reader = new Thread(read, "host-program " + shown);
        reader.setDaemon(true);
        reader.start();
        return read;
    }

    /** What a finished program printed on one stream (closed at its exit, unless it left a child holding it). */
    private static String text(FutureTask<byte[]> read, String shown) throws IOException, InterruptedException {
        try {
            return new String(read.get(STREAM_CLOSE.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(shown + " exited, but something it started still holds its output");
        }
    }

    /** Runs {@code argv}; fails when it cannot start, is not done within {@code timeout}, or is interrupted. */
    public static Ran run(List<String> argv, Duration timeout) throws NotRun {
        String shown = String.join(" ", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new NotRun("cannot run " + shown + " (" + e.getMessage() + ")", false);
        }
        try {
            process.getOutputStream().close();
            // Read while it runs, each stream on a thread of its own: a long output (ip's routes) must not fill a pipe
            // and stall the program, and a program that hangs must still meet its timeout.
            FutureTask<byte[]> output = drain(process.getInputStream(), shown);
            FutureTask<byte[]> errors = drain(process.getErrorStream(), shown);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new NotRun(shown + " did not finish within " + timeout.toSeconds() + " s", true);
            }
            return new Ran(process.exitValue(), text(output, shown), text(errors, shown).strip());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new NotRun("cannot read what " + shown + " printed: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NotRun(shown + " was interrupted (the node is stopping)", true);
        }
    }
}
