package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.store.SettingsStore;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.PemTrust;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints how quickly a node serves after it starts and how much memory it holds: the time from exec until
 * the health check on 8444 answers 200 (a standalone node, the first start on an empty data directory, then
 * restarts on it), the classes the JVM loaded and how many of them came from a class-data-sharing archive,
 * resident memory idle and holding 10,000 virtual services, and the Java heap in use after a full GC. Once
 * for the node as {@code ./hanode run} starts it (the launcher's JVM options and whatever else the launcher
 * adds), once with the JVM options and the environment of the systemd unit in the cloud-init template (its
 * class-data archive is the one the launcher made, standing in for the one hanode-install makes on a VM). Not a test (nothing is
 * asserted); run with {@code tests/benchmark.sh -Dtest=StartMemoryBenchmark}; {@code -Dstart.restarts=10}
 * changes the number of restarts.
 */
class StartMemoryBenchmark {

    private static final int RESTARTS = Integer.getInteger("start.restarts", 5);
    private static final int SERVICES = 10_000;
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String PASSWORD = "start-memory-benchmark";
    private static final Path TEMPLATE = Path.of("..", "terraform", "cloud-init", "hanode.cloud-init.tftpl");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNIT_EXEC_START =
            Pattern.compile("(?m)^\\s*ExecStart=/usr/bin/java (.*?) -jar /opt/hanode/hanode\\.jar ");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(77, List.of());

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        String machine = FailoverBenchmark.machine();
        String template = Files.readString(TEMPLATE);
        List<String> unit = unitJvmOptions(template);
        Map<String, String> unitEnvironment = unitEnvironment(template);
        measure("./hanode run (launcher)", List.of(HanodeJar.launcher().toString()), Map.of(), fixtures.nextAddress());
        List<String> unitCommand = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        unitCommand.addAll(unit);
        unitCommand.addAll(List.of("-jar", HanodeJar.jar().toString()));
        measure("systemd unit's JVM options", unitCommand, unitEnvironment, fixtures.nextAddress());

        StringBuilder table = new StringBuilder("\n===== ha-pair start-up and memory benchmark (loopback) =====\n")
                .append(machine)
                .append(String.format(Locale.ROOT, "one standalone node; start = exec until GET / on 8444 answers 200"
                        + " (polled every 5 ms); %d restarts on the same data directory; idle = %d s after start;"
                        + " systemd unit's JVM options: %s, its environment: %s%n%n", RESTARTS, IDLE.toSeconds(),
                        String.join(" ", unit), unitEnvironment))
                .append(String.format(Locale.ROOT, "| %-28s | %-62s | %11s |%n", "JVM", "measurement", "value"))
                .append("|------------------------------|----------------------------------------------------------------|-------------|\n");
        rows.forEach(table::append);
        notes.forEach(n -> table.append(n).append('\n'));
        table.append(String.format(Locale.ROOT, "load average %.2f at end%n=====%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println(table);
        Path out = Path.of("target", "start-memory-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private void measure(String jvm, List<String> command, Map<String, String> environment, String address) throws Exception {
        Path dataDir = fixtures.workDir().resolve(address + "-data");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("run", "--primary-address", address, "--admin-password", PASSWORD, "--probe-sources", "any",
                "--dns-port", "10077", "--shutdown-drain", "0s", "--data-dir", dataDir.toString()));
        Node node = fixtures.track(new Node(full, environment, fixtures.workDir().resolve(address + ".log")));

        long first = node.startAndAwait200(address);
        List<Double> restarts = new ArrayList<>();
        for (int i = 0; i < RESTARTS; i++) {
            node.stop();
            restarts.add(node.startAndAwait200(address) / 1e6);
        }
        Distribution d = Distribution.of(restarts);
        row(jvm, "start on an empty data directory (ms)", String.format(Locale.ROOT, "%.0f", first / 1e6));
        row(jvm, String.format(Locale.ROOT, "restart: p50 / max of %d (ms)", RESTARTS),
                String.format(Locale.ROOT, "%.0f / %.0f", d.percentile(50), d.max()));
        Thread.sleep(IDLE.toMillis());
        row(jvm, "classes loaded / of them from a CDS archive", classes(node.pid()));
        row(jvm, "resident memory (VmRSS), idle (MiB)", Long.toString(residentKib(node.pid()) / 1024));
        row(jvm, "threads, idle", Long.toString(threads(node.pid())));

        SSLSocketFactory tls = PemTrust.of(dataDir.resolve("node-cert.pem"));
        HttpOnce.Answer imported = HttpOnce.send(tls, address, 8443, "POST", "/api/v1/settings/import", PASSWORD,
                export(SERVICES), null, Duration.ofMinutes(2));
        if (imported.code() != 200) {
            throw new IllegalStateException("import answered " + imported.code() + " " + imported.body());
        }
        await("node lists every service").atMost(Patience.START).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> JSON.readTree(HttpOnce.send(tls, address, 8443, "GET", "/api/v1/virtual-services", PASSWORD,
                        Duration.ofSeconds(30)).body()).path("items").size() == SERVICES);
        Thread.sleep(SETTLE.toMillis());
        row(jvm, "resident memory holding 10,000 virtual services (MiB)", Long.toString(residentKib(node.pid()) / 1024));
        row(jvm, "  Java heap in use after a full GC / committed (MiB)", heapAfterFullGc(node.pid()));
        row(jvm, "  resident memory after that full GC (MiB)", Long.toString(residentKib(node.pid()) / 1024));
        notes.add(jvm + ": `" + String.join(" ", full) + "`");
        node.close();
    }

    private void row(String jvm, String what, String value) {
        rows.add(String.format(Locale.ROOT, "| %-28s | %-62s | %11s |%n", jvm, what, value));
    }

    /** The JVM options of the systemd unit's ExecStart, its paths under /opt/hanode mapped to the jar's folder. */
    private static List<String> unitJvmOptions(String template) {
        Matcher m = UNIT_EXEC_START.matcher(template);
        if (!m.find()) {
            throw new IllegalStateException(TEMPLATE + " has no ExecStart=/usr/bin/java ... -jar /opt/hanode/hanode.jar line");
        }
        String folder = HanodeJar.jar().getParent().toString() + "/";
        return List.of(m.group(1).replace("/opt/hanode/", folder).trim().split("\\s+"));
    }

    /**
     * The Environment= settings of the [Service] section that holds that ExecStart: the unit's JVM runs with them
     * (MALLOC_ARENA_MAX changes its resident memory), so the benchmark's JVM does too.
     */
    private static Map<String, String> unitEnvironment(String template) {
        Matcher exec = UNIT_EXEC_START.matcher(template);
        if (!exec.find()) {
            throw new IllegalStateException(TEMPLATE + " has no ExecStart=/usr/bin/java ... -jar /opt/hanode/hanode.jar line");
        }
        String service = template.substring(template.lastIndexOf("[Service]", exec.start()), exec.start());
        Map<String, String> environment = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*Environment=([A-Za-z_][A-Za-z0-9_]*)=(\\S*)\\s*$").matcher(service);
        while (m.find()) {
            environment.put(m.group(1), m.group(2));
        }
        return environment;
    }

    /** Classes loaded in all, and of them mapped from a CDS archive ({@code java.cls.sharedLoadedClasses}). */
    private static String classes(long pid) throws IOException, InterruptedException {
        String counters = jcmd(pid, "PerfCounter.print");
        long shared = counter(counters, "java.cls.sharedLoadedClasses");
        return (counter(counters, "java.cls.loadedClasses") + shared) + " / " + shared;
    }

    private static long counter(String counters, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\d+)").matcher(counters);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Summed over the generations GC.heap_info lists (the serial collector's young and old, or G1's one heap). */
    private static String heapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        long total = 0;
        long used = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return used / 1024 + " / " + total / 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static long residentKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElseThrow();
    }

    private static long threads(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String export(int count) {
        ObjectNode doc = JSON.createObjectNode().put("schemaVersion", SettingsStore.SCHEMA_VERSION);
        ArrayNode services = doc.putObject("settings").putArray("virtual-services");
        for (int i = 0; i < count; i++) {
            ObjectNode vs = services.addObject().put("name", "vs-" + i).put("address", "10.8.0.1").put("port", 1_000 + i)
                    .put("protocol", "tcp");
            vs.putArray("realServers").addObject().put("address", fixtures.silentAddress())
                    .put("port", Fixtures.SILENT_PORT);
        }
        return doc.toString();
    }

    /** One node process started by {@code command}, restarted on the same data directory; its output in {@code log}. */
    private static final class Node implements AutoCloseable {

        private final List<String> command;
        private final Map<String, String> environment;
        private final Path log;
        private Process process;

        Node(List<String> command, Map<String, String> environment, Path log) {
            this.command = command;
            this.environment = environment;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        /** Starts the node and returns the nanoseconds until GET / on 8444 answered 200. */
        long startAndAwait200(String address) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
            // Only the flags configure the node, and the launcher's own JVM options apply.
            builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_"));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            process = builder.start();
            while (HttpOnce.get(address, 8444, "/", Duration.ofSeconds(2)).code() != 200) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the node exited with " + process.exitValue() + " while starting; see " + log);
                }
                if (System.nanoTime() - started > Patience.START.toNanos()) {
                    throw new IllegalStateException("the node did not answer 200 on 8444 within " + Patience.START + "; see " + log);
                }
                Thread.sleep(5);
            }
            return System.nanoTime() - started;
        }

        /** SIGTERM, as systemd stops it; waits until it has exited and freed its ports. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(Patience.EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the node did not exit within " + Patience.EXIT + " of SIGTERM; see " + log);
            }
        }

        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit().join();
            }
        }
    }
}
