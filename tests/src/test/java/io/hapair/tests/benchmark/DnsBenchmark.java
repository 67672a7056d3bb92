package io.hapair.tests.benchmark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.store.SettingsStore;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Prints GEO DNS throughput and latency on loopback: one standalone node (ha-mode none; each node of a
 * pair answers DNS alone in the same way, and a partner would only be a second JVM on the same cores)
 * holding 1,000 GEO FQDNs, asked by dnsperf over UDP at its maximum rate, at the goal rate and at a low fixed rate, with the
 * node's resident memory before and after. Not a test (nothing is asserted); run with
 * {@code tests/benchmark.sh -Dtest=DnsBenchmark}. The node runs with the default JVM options, and
 * {@code -Dbenchmark.nodeJvmArgs} ({@link BenchmarkNodes}).
 */
class DnsBenchmark {

    private static final int FQDNS = 1_000;
    private static final int ZONES = 10;
    private static final int DNS_PORT = 10_053;
    // -Ddns.seconds and -Ddns.rate change the measured runs; the warm-up (JIT) is not measured.
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("dns.seconds", 20));
    private static final int FIXED_RATE = Integer.getInteger("dns.rate", 5_000);
    // The goal: this rate answered with a p99 of at most 2 ms.
    private static final int GOAL_RATE = Integer.getInteger("dns.goalRate", 50_000);
    // Resolvers ask from many source ports; -Ddns.clients=1 is one socket (what the README's first figures used),
    // which the kernel hands to one of the node's UDP sockets only.
    private static final int CLIENTS = Integer.getInteger("dns.clients", 4);
    // At max rate, dnsperf's default: how many queries it keeps unanswered is what sets the rate.
    private static final int MAX_RATE_IN_FLIGHT = 100;
    // At the fixed rate, room for 200 ms of a stalled node at 5,000/s: dnsperf times each query from its
    // actual send, so if it stopped sending during a stall, the queries a paced client would have sent
    // meanwhile (the tail) would never be measured.
    private static final int FIXED_RATE_IN_FLIGHT = 1_000;
    private static final List<String> SELECTIONS = List.of("round-robin", "weighted-round-robin", "fixed-weighting",
            "proximity");
    private static final Pattern SERIES = Pattern.compile(
            "(?m)^hanode_dns_queries_total\\{result=\"(\\w+)\",transport=\"udp\"} (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(38, BenchmarkNodes.jvmArgs());

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        Dnsperf.requireInstalled();
        String machine = FailoverBenchmark.machine();
        HaNodeProcess node = fixtures.node(NodeOptions.of("geo", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--dns-port", Integer.toString(DNS_PORT)).withJvmArgs(BenchmarkNodes.jvmArgs()));
        HttpOnce.Answer imported = node.api("POST", "/api/v1/settings/import", export(node.address()), null);
        if (imported.code() != 200) {
            throw new IllegalStateException("import answered " + imported.code() + " " + imported.body());
        }
        awaitAllAnswered(node);
        Path queries = queryFile();
        long rssBefore = node.residentKib();

        Dnsperf.run(node.address(), DNS_PORT, queries, WARMUP, 0, MAX_RATE_IN_FLIGHT, CLIENTS,
                fixtures.workDir().resolve("dnsperf-warmup.txt"));
        measured(node, "UDP, max rate, " + MAX_RATE_IN_FLIGHT + " in flight", queries, 0, MAX_RATE_IN_FLIGHT, "max");
        measured(node, String.format(Locale.ROOT, "UDP, %,d/s, up to %,d in flight", GOAL_RATE, FIXED_RATE_IN_FLIGHT),
                queries, GOAL_RATE, FIXED_RATE_IN_FLIGHT, "goal");
        measured(node, String.format(Locale.ROOT, "UDP, %,d/s, up to %,d in flight", FIXED_RATE, FIXED_RATE_IN_FLIGHT),
                queries, FIXED_RATE, FIXED_RATE_IN_FLIGHT, "fixed");
        long rssAfter = node.residentKib();
        String heap = heapAfterFullGc(node.pid());

        StringBuilder table = new StringBuilder("\n===== ha-pair GEO DNS benchmark (loopback, dnsperf) =====\n")
                .append(machine)
                .append(BenchmarkNodes.describe())
                .append(String.format(Locale.ROOT, "one standalone node, %,d GEO FQDNs in %d zones;"
                        + " %,d-line query file looped: A for every FQDN, AAAA for 100, A for 50 missing names"
                        + " (NXDOMAIN); dnsperf with %d client socket(s); %d s per run after a %d s warm-up%n%n",
                        FQDNS, ZONES, lines(queries), CLIENTS, RUN.toSeconds(), WARMUP.toSeconds()))
                .append(String.format(Locale.ROOT, "| %-36s | %9s | %6s | %8s | %7s | %7s | %7s | %7s |%n",
                        "run (latency in milliseconds)", "sent", "lost", "qps", "p50", "p95", "p99", "max"))
                .append("|").append("-".repeat(38))
                .append("|-----------|--------|----------|---------|---------|---------|---------|\n");
        rows.forEach(table::append);
        table.append(String.format(Locale.ROOT, "resident memory (VmRSS) of the node holding %,d FQDNs: %d MiB before"
                + " the load, %d MiB after; %s%n", FQDNS, rssBefore / 1024, rssAfter / 1024, heap));
        notes.forEach(n -> table.append(n).append('\n'));
        table.append("=====\n");
        System.out.println(table);
        Path out = Path.of("target", "dns-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** One dnsperf run, with what the node counted and how much CPU it used meanwhile. */
    private void measured(HaNodeProcess node, String what, Path queries, int rate, int inFlight, String label)
            throws Exception {
        Map<String, Double> countedBefore = udpCounters(node);
        long dropsBefore = socketDrops(node.address(), DNS_PORT);
        long cpuBefore = CpuTime.ticks(node.pid());
        Dnsperf.Result r = Dnsperf.run(node.address(), DNS_PORT, queries, RUN, rate, inFlight, CLIENTS,
                fixtures.workDir().resolve("dnsperf-" + label + ".txt"));
        double cpuSeconds = CpuTime.seconds(CpuTime.ticks(node.pid()) - cpuBefore);
        long drops = socketDrops(node.address(), DNS_PORT) - dropsBefore;
        Map<String, Double> countedAfter = udpCounters(node);
        Distribution d = r.latencyMillis();
        rows.add(String.format(Locale.ROOT, "| %-36s | %,9d | %,6d | %,8.0f | %7.2f | %7.2f | %7.2f | %7.2f |%n", what,
                r.sent(), r.lost(), r.qps(), d.percentile(50), d.percentile(95), d.percentile(99), d.max()));
        Map<String, Long> counted = new HashMap<>();
        countedAfter.forEach((k, v) -> counted.put(k, Math.round(v - countedBefore.getOrDefault(k, 0.0))));
        notes.add(String.format(Locale.ROOT, "%s: `%s`%n  dnsperf rcodes %s, %d timed out; node counted %s;"
                        + " the node's UDP socket dropped %d (receive buffer full); node CPU %.1f s in %d s (%.2f cores);"
                        + " load average %.2f after", what, r.command(), r.rcodes(), r.timedOut(), counted, drops,
                cpuSeconds, RUN.toSeconds(), cpuSeconds / RUN.toSeconds(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    /** GEO settings are re-read every second: waits until every FQDN gets an authoritative NOERROR. */
    private static void awaitAllAnswered(HaNodeProcess node) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(node.address(), DNS_PORT));
        resolver.setTimeout(Duration.ofSeconds(2));
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < FQDNS; i++) {
            waiting.add(i);
        }
        await("all " + FQDNS + " FQDNs answered").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    waiting.removeIf(i -> answered(resolver, fqdn(i)));
                    return waiting.isEmpty();
                });
    }

    private static boolean answered(SimpleResolver resolver, String name) {
        try {
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, 1)));
            return response.getRcode() == Rcode.NOERROR && response.getHeader().getFlag(Flags.AA);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * 1,000 FQDNs in 10 zones, all four selections, mapped to this unit (a local cluster), six IPv4 and two
     * IPv6 default clusters (check type none: nothing listens there, yet they count as up), two remote
     * clusters (nothing listens there, so they are down and a last resort answers) and address literals.
     */
    private static String export(String self) {
        ObjectNode doc = JSON.createObjectNode().put("schemaVersion", SettingsStore.SCHEMA_VERSION);
        ObjectNode settings = doc.putObject("settings");
        ArrayNode clusters = settings.putArray("geo-clusters");
        clusters.addObject().put("name", "this-unit").put("address", self).put("type", "local");
        for (int k = 1; k <= 6; k++) {
            clusters.addObject().put("name", "dc-" + k).put("address", "10.60." + k + ".1").put("type", "default")
                    .putObject("check").put("type", "none");
        }
        for (int k = 1; k <= 2; k++) {
            clusters.addObject().put("name", "dc6-" + k).put("address", "fd00:60::" + k).put("type", "default")
                    .putObject("check").put("type", "none");
            clusters.addObject().put("name", "remote-" + k).put("address", "127.20.38." + (200 + k)).put("type", "remote");
        }
        ArrayNode fqdns = settings.putArray("geo-fqdns");
        for (int i = 0; i < FQDNS; i++) {
            ObjectNode f = fqdns.addObject().put("fqdn", fqdn(i)).put("selection", SELECTIONS.get(i % SELECTIONS.size()));
            ArrayNode m = f.putArray("mappings");
            String v6 = "dc6-" + (i % 2 + 1);
            switch (i % 10) {
                case 6, 7 -> {
                    m.addObject().put("target", "this-unit");
                    m.addObject().put("target", v6);
                }
                case 8 -> {
                    m.addObject().put("target", "remote-" + (i % 2 + 1));
                    m.addObject().put("target", v6);
                    f.put("lastResort", "dc-1");
                }
                case 9 -> {
                    m.addObject().put("target", "192.0.2." + (i % 250 + 1));
                    m.addObject().put("target", "2001:db8::" + (i % 250 + 1));
                }
                default -> {
                    m.addObject().put("target", "dc-" + (i % 6 + 1)).put("weight", 1 + i % 3);
                    m.addObject().put("target", "dc-" + ((i + 1) % 6 + 1)).put("weight", 2);
                    m.addObject().put("target", "this-unit").put("weight", 1);
                    m.addObject().put("target", v6).put("weight", 1);
                }
            }
        }
        return doc.toString();
    }

    private static String fqdn(int i) {
        return "svc-" + i + ".z" + (i % ZONES) + ".bench.example";
    }

    /** dnsperf's input, shuffled with a fixed seed: mostly A, some AAAA, some names that do not exist. */
    private static Path queryFile() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < FQDNS; i++) {
            lines.add(fqdn(i) + " A");
            if (i % 10 == 3) {
                lines.add(fqdn(i) + " AAAA");
            }
            if (i % 20 == 7) {
                lines.add("missing-" + fqdn(i) + " A");
            }
        }
        Collections.shuffle(lines, new Random(38));
        Path file = fixtures.workDir().resolve("dns-queries.txt");
        Files.write(file, lines);
        return file;
    }

    private static long lines(Path file) throws IOException {
        return Files.readAllLines(file).size();
    }

    /** The node's own count of UDP packets by result, from /metrics. */
    private static Map<String, Double> udpCounters(HaNodeProcess node) {
        HttpOnce.Answer metrics = node.api("GET", "/metrics");
        if (metrics.code() != 200) {
            throw new IllegalStateException("GET /metrics answered " + metrics.code() + " " + metrics.body());
        }
        Map<String, Double> out = new HashMap<>();
        Matcher m = SERIES.matcher(metrics.body());
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /**
     * Resident memory mostly follows the default heap sizing (a quarter of the RAM at most), not what the
     * FQDNs need: the heap in use after a full GC says that. The GC this forces comes after the last run.
     */
    private static String heapAfterFullGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        jcmd(jcmd, pid, "GC.run");
        // G1 prints one line for its heap; the serial collector one per generation, young first: the sum of them.
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(jcmd, pid, "GC.heap_info"));
        long total = 0;
        long used = 0;
        boolean found = false;
        while (m.find()) {
            found = true;
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return found ? String.format(Locale.ROOT, "Java heap in use after a full GC %d MiB (%d MiB committed)",
                used / 1024, total / 1024) : "heap in use unknown (jcmd)";
    }

    private static String jcmd(String jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /**
     * Datagrams the kernel dropped for the UDP sockets bound to {@code address:port}: the last column of
     * /proc/net/udp, and of /proc/net/udp6 for the IPv4-mapped address (Netty's epoll datagram sockets are
     * IPv6 sockets). Addresses are printed as 32-bit words in host order: on x86, each word's octets reversed.
     */
    private static long socketDrops(String address, int port) throws IOException {
        String[] octets = address.split("\\.");
        String v4 = String.format("%02X%02X%02X%02X", Integer.parseInt(octets[3]), Integer.parseInt(octets[2]),
                Integer.parseInt(octets[1]), Integer.parseInt(octets[0]));
        String suffix = String.format(":%04X", port);
        return drops(Path.of("/proc/net/udp"), v4 + suffix)
                + drops(Path.of("/proc/net/udp6"), "0000000000000000FFFF0000" + v4 + suffix);
    }

    private static long drops(Path table, String local) throws IOException {
        return Files.readAllLines(table).stream().map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length > 2 && f[1].equals(local)).mapToLong(f -> Long.parseLong(f[f.length - 1])).sum();
    }
}
