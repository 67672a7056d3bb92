package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standalone node in this JVM, asked by dig and by raw packets; its /metrics count every packet. */
class GeoDnsMetricsTest {

    private static final String HOST = "127.0.51.1";
    private static final Pattern SERIES = Pattern.compile(
            "(?m)^hanode_dns_queries_total\\{result=\"(\\w+)\",transport=\"(\\w+)\"} (\\S+)$");
    private static final Pattern TRUNCATED = Pattern.compile("(?m)^hanode_dns_truncated_total (\\S+)$");

    @TempDir
    Path dir;

    private TestNodes nodes;

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void everyPacketIsCountedInMetricsByResultAndTransport() throws Exception {
        nodes = new TestNodes(dir);
        TestNodes.Node node = nodes.start("solo", "none", HOST, null, TestNodes.ports(HOST));
        // Sixty AAAA records outgrow a plain UDP answer (512 bytes): ANY gets TC. Posted first, so that
        // once www is answered, big is loaded too.
        node.post("geo-fqdns", new JsonObject().put("fqdn", "big.example.com").put("mappings",
                IntStream.rangeClosed(1, 60).mapToObj(i -> Map.of("target", "fd00::" + i)).toList()));
        node.post("geo-fqdns", new JsonObject().put("fqdn", "www.example.com")
                .put("mappings", List.of(Map.of("target", "10.0.0.1"))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(node.dig("www.example.com"))
                .isEqualTo("10.0.0.1"));
        Map<String, Double> before = counters(node.metrics());

        dig(node, "www.example.com", "A");
        dig(node, "www.example.com", "AAAA");
        dig(node, "www.example.com", "A", "+tcp");
        dig(node, "nope.example.com", "A");
        dig(node, "nope.example.com", "A", "+tcp");
        dig(node, "www.example.org", "A");
        dig(node, "big.example.com", "ANY", "+notcp", "+noedns", "+ignore");
        try (DatagramSocket socket = new DatagramSocket()) {
            // Not DNS at all, and a bare header without a question (parsed, answered FORMERR).
            for (byte[] packet : List.of("not dns at all".getBytes(StandardCharsets.UTF_8), new byte[12])) {
                socket.send(new DatagramPacket(packet, packet.length, InetAddress.getByName(HOST),
                        node.config().dnsPort()));
            }
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> after = counters(node.metrics());
            Map<String, Double> delta = new HashMap<>();
            after.forEach((series, value) -> delta.put(series, value - before.getOrDefault(series, 0.0)));
            assertThat(delta).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("answered/udp", 3.0), Map.entry("answered/tcp", 1.0),
                    Map.entry("nxdomain/udp", 1.0), Map.entry("nxdomain/tcp", 1.0),
                    Map.entry("refused/udp", 1.0), Map.entry("refused/tcp", 0.0),
                    Map.entry("error/udp", 1.0), Map.entry("error/tcp", 0.0),
                    Map.entry("malformed/udp", 1.0), Map.entry("malformed/tcp", 0.0),
                    Map.entry("truncated", 1.0)));
        });
    }

    private static void dig(TestNodes.Node node, String name, String type, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("dig", "@" + HOST, "-p",
                Integer.toString(node.config().dnsPort()), name, type, "+tries=1", "+time=3"));
        command.addAll(List.of(options));
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        dig.getInputStream().readAllBytes();
        assertThat(dig.waitFor(10, TimeUnit.SECONDS)).as("dig finished").isTrue();
    }

    /** The DNS series of a Prometheus scrape, as result/transport (and truncated) to value. */
    private static Map<String, Double> counters(String scrape) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = SERIES.matcher(scrape);
        while (m.find()) {
            out.put(m.group(1) + "/" + m.group(2), Double.parseDouble(m.group(3)));
        }
        Matcher t = TRUNCATED.matcher(scrape);
        if (t.find()) {
            out.put("truncated", Double.parseDouble(t.group(1)));
        }
        return out;
    }
}
