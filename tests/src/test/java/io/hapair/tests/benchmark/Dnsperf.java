package io.hapair.tests.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of dnsperf (Debian package {@code dnsperf}, DNS-OARC) against a DNS server. dnsperf prints
 * no percentiles, so it runs verbose ({@code -v}): one line per query with its rcode and latency in
 * microseconds, from which the percentiles come. The verbose output goes to a file, not through this JVM.
 */
final class Dnsperf {

    private static final int CLIENT_BUFFER_KIB = 4_096;
    // Beyond the run: dnsperf waits up to its query timeout (5 s) for the last answers.
    private static final Duration GRACE = Duration.ofSeconds(30);

    /**
     * What one run measured.
     *
     * @param rcodes answers by rcode, from the per-query lines
     * @param latencyMillis every answered query's latency
     * @param timedOut queries without an answer within dnsperf's timeout (5 s)
     */
    record Result(String command, long sent, long completed, long lost, double qps, Map<String, Long> rcodes,
                  Distribution latencyMillis, long timedOut) {
    }

    private Dnsperf() {
    }

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("dnsperf", "-h").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("dnsperf is not installed: apt-get install -y dnsperf"
                    + " (tests/benchmark.sh installs it when missing)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends the queries of {@code queries} (looped) for {@code duration}, at most {@code maxQps} per second
     * when positive, with at most {@code outstanding} queries unanswered (dnsperf waits beyond that), from
     * {@code clients} sockets (source ports), as resolvers ask from many.
     */
    static Result run(String server, int port, Path queries, Duration duration, int maxQps, int outstanding,
                      int clients, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dnsperf", "-s", server, "-p", Integer.toString(port),
                "-d", queries.toString(), "-l", Long.toString(duration.toSeconds()), "-q", Integer.toString(outstanding)));
        if (clients > 1) {
            command.addAll(List.of("-c", Integer.toString(clients)));
        }
        if (maxQps > 0) {
            command.addAll(List.of("-Q", Integer.toString(maxQps)));
        }
        // The largest socket buffers the kernel grants (net.core.rmem_max): answers dropped because dnsperf
        // was not scheduled in time would count as lost queries of the node.
        command.addAll(List.of("-b", Integer.toString(CLIENT_BUFFER_KIB)));
        command.add("-v");
        Process dnsperf = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!dnsperf.waitFor(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
            dnsperf.destroyForcibly();
            throw new IllegalStateException("dnsperf did not finish within " + duration.plus(GRACE) + "; see " + output);
        }
        if (dnsperf.exitValue() != 0) {
            throw new IllegalStateException("dnsperf exited with " + dnsperf.exitValue() + ": " + Files.readString(output));
        }
        return parse(String.join(" ", command), output);
    }

    /**
     * Per-query lines are {@code > RCODE name type seconds} ({@code T} for a timeout, {@code I} for a query
     * interrupted at the end); the summary lines are {@code Queries sent: N} and so on.
     */
    private static Result parse(String command, Path output) throws IOException {
        double[] latencies = new double[1 << 16];
        int answered = 0;
        long timedOut = 0;
        Map<String, Long> rcodes = new TreeMap<>();
        long sent = -1;
        long completed = -1;
        long lost = -1;
        double qps = Double.NaN;
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("> ")) {
                    String[] f = line.split(" ");
                    String rcode = f[1];
                    if (rcode.equals("T")) {
                        timedOut++;
                    } else if (!rcode.equals("I")) {
                        rcodes.merge(rcode, 1L, Long::sum);
                        if (answered == latencies.length) {
                            latencies = Arrays.copyOf(latencies, answered * 2);
                        }
                        latencies[answered++] = Double.parseDouble(f[f.length - 1]) * 1000;
                    }
                } else if (line.contains("Queries sent:")) {
                    sent = firstNumber(line);
                } else if (line.contains("Queries completed:")) {
                    completed = firstNumber(line);
                } else if (line.contains("Queries lost:")) {
                    lost = firstNumber(line);
                } else if (line.contains("Queries per second:")) {
                    qps = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        if (sent < 0 || Double.isNaN(qps)) {
            throw new IllegalStateException("dnsperf printed no statistics; see " + output);
        }
        double[] sorted = Arrays.copyOf(latencies, answered);
        Arrays.sort(sorted);
        return new Result(command, sent, completed, lost, qps, rcodes, new Distribution(sorted), timedOut);
    }

    private static long firstNumber(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
    }
}
