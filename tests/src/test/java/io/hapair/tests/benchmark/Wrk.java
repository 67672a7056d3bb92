package io.hapair.tests.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One run of wrk (Debian package {@code wrk}): HTTP GET load from a fixed number of connections, each
 * sending its next request as soon as the last one was answered, for a fixed time. wrk hands its
 * totals, errors and latency histogram to a Lua {@code done} hook, which prints them as one JSON line:
 * no scraping of its human-readable report. Latency is timed from the request's first byte written to
 * the response's last byte read, so a new connection's handshake is not in it.
 */
final class Wrk {

    // wrk's summary and histogram, as JSON; latencies are in microseconds, as wrk records them.
    private static final String SUMMARY_SCRIPT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('{"requests":%d,"durationMicros":%d,"connect":%d,"read":%d,"write":%d,'
                .. '"status":%d,"timeout":%d,"p50":%d,"p99":%d,"max":%d}\\n', summary.requests, summary.duration,
                e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99),
                latency.max))
            end
            """;
    // A request unanswered for this long counts as failed (a timeout error), as in ProbeLoad.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    // Beyond the run: wrk waits for its threads to stop and prints.
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one run measured. Failed requests are wrk's socket errors (connect, read, write), requests
     * unanswered within the timeout, and answers other than 2xx or 3xx ({@code non2xx}).
     */
    record Result(String command, long requests, double seconds, long connectErrors, long readErrors,
                  long writeErrors, long timeouts, long non2xx, double p50Millis, double p99Millis, double maxMillis) {

        double rate() {
            return requests / seconds;
        }

        long failed() {
            return connectErrors + readErrors + writeErrors + timeouts + non2xx;
        }

        String failures() {
            return String.format(Locale.ROOT, "connect %d, read %d, write %d, timeout %d, non-2xx %d", connectErrors,
                    readErrors, writeErrors, timeouts, non2xx);
        }
    }

    private final Process wrk;
    private final String command;
    private final Duration duration;
    private final Path output;

    private Wrk(Process wrk, String command, Duration duration, Path output) {
        this.wrk = wrk;
        this.command = command;
        this.duration = duration;
        this.output = output;
    }

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install -y wrk"
                    + " (tests/benchmark.sh installs it when missing)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #start} and {@link #finish}. */
    static Result run(String url, int connections, Duration duration, boolean connectionPerRequest, Path workDir,
                      String label) throws IOException, InterruptedException {
        return start(url, connections, duration, connectionPerRequest, workDir, label).finish();
    }

    /**
     * Starts wrk against {@code url} from {@code connections} connections (one thread per core at most)
     * for {@code duration}; with {@code connectionPerRequest} every request says {@code Connection: close},
     * so each one is a new connection. wrk's report goes to {@code wrk-LABEL.txt} in {@code workDir}.
     */
    static Wrk start(String url, int connections, Duration duration, boolean connectionPerRequest, Path workDir,
                     String label) throws IOException {
        Path script = workDir.resolve("wrk-summary.lua");
        Files.writeString(script, SUMMARY_SCRIPT);
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c",
                Integer.toString(connections), "-d", duration.toSeconds() + "s", "--timeout",
                REQUEST_TIMEOUT.toSeconds() + "s"));
        if (connectionPerRequest) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.addAll(List.of("-s", script.getFileName().toString(), url));
        Path output = workDir.resolve("wrk-" + label + ".txt");
        Process wrk = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        String shown = String.join(" ", command).replace("Connection: close", "'Connection: close'");
        return new Wrk(wrk, shown, duration, output);
    }

    /** Waits for the run to end and reads what wrk's hook printed. */
    Result finish() throws IOException, InterruptedException {
        if (!wrk.waitFor(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish within " + duration.plus(GRACE) + "; see " + output);
        }
        String report = Files.readString(output);
        if (wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + wrk.exitValue() + ": " + report);
        }
        String json = report.lines().filter(l -> l.startsWith("{")).reduce((first, last) -> last).orElseThrow(
                () -> new IllegalStateException("wrk printed no summary; see " + output));
        JsonNode s = JSON.readTree(json);
        return new Result(command, s.path("requests").asLong(), s.path("durationMicros").asLong() / 1e6,
                s.path("connect").asLong(), s.path("read").asLong(), s.path("write").asLong(),
                s.path("timeout").asLong(), s.path("status").asLong(), s.path("p50").asLong() / 1e3,
                s.path("p99").asLong() / 1e3, s.path("max").asLong() / 1e3);
    }
}
