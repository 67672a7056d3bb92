package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.ClusterHealth;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoMapping;
import io.hapair.node.TestPorts;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GEO DNS server on a loopback port, asked by a real client: dig. */
class GeoDnsServerTest {

    private static final String HOST = "127.0.8.1";
    private static final DnsStats STATS = new DnsStats();
    private static Vertx vertx;
    private static int port;

    @BeforeAll
    static void serve() throws Exception {
        Map<String, GeoCluster> clusters = Map.of(
                "eu", new GeoCluster("eu", "10.0.0.1", GeoCluster.Type.DEFAULT, null),
                "eu6", new GeoCluster("eu6", "fd00::1", GeoCluster.Type.DEFAULT, null),
                "down", new GeoCluster("down", "10.0.0.9", GeoCluster.Type.DEFAULT, null));
        Set<String> up = Set.of("eu", "eu6");
        ClusterHealth health =
                c -> up.contains(c.name()) || c.name().startsWith("fd00:") ? Optional.of(c.address()) : Optional.empty();
        List<GeoMapping> many = IntStream.rangeClosed(1, 60).mapToObj(i -> new GeoMapping("fd00::" + i, null, null))
                .toList();
        GeoZones zones = GeoZones.of(List.of(
                new GeoFqdn("www.example.com", null, 30, List.of(new GeoMapping("down", null, null),
                        new GeoMapping("eu", null, null), new GeoMapping("eu6", null, null)), null),
                new GeoFqdn("v4.example.com", null, null, List.of(new GeoMapping("eu", null, null)), null),
                new GeoFqdn("big.example.com", null, null, many, null)), clusters, ClientLocations.of(List.of()),
                health);
        vertx = Vertx.vertx();
        port = TestPorts.free(HOST);
        GeoDnsServer.deploy(vertx, HOST, port, 1024 * 1024, new GeoDnsResponder(() -> zones, STATS)).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void answersAWithTheHealthyClusterAuthoritativelyAndWithoutRecursion() throws Exception {
        String out = dig("www.example.com", "A");

        assertThat(out).contains("status: NOERROR").containsPattern("flags: qr aa rd;")
                .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+A\\s+10\\.0\\.0\\.1")
                .doesNotContain("10.0.0.9");
    }

    @Test
    void answersAaaaFromTheIpv6Mapping() throws Exception {
        assertThat(dig("WWW.Example.COM.", "AAAA")).contains("status: NOERROR")
                .containsPattern("IN\\s+AAAA\\s+fd00::1");
    }

    @Test
    void anUnknownNameInTheZoneIsNxdomainWithTheSoa() throws Exception {
        assertThat(dig("nope.example.com", "A")).contains("status: NXDOMAIN").contains("AUTHORITY: 1")
                .containsPattern("example\\.com\\.\\s+10\\s+IN\\s+SOA");
    }

    @Test
    void aNameWithoutAnAddressOfTheAskedTypeIsNodata() throws Exception {
        assertThat(dig("v4.example.com", "AAAA")).contains("status: NOERROR").contains("ANSWER: 0")
                .contains("AUTHORITY: 1");
    }

    @Test
    void aNameOutsideEveryZoneIsRefused() throws Exception {
        assertThat(dig("www.example.org", "A")).contains("status: REFUSED").doesNotContain(" aa");
    }

    @Test
    void ednsIsAnsweredWithEdnsAndAPlainQueryWithout() throws Exception {
        assertThat(dig("www.example.com", "A")).contains("EDNS: version: 0").contains("udp: 1232");
        assertThat(dig("www.example.com", "A", "+noedns")).doesNotContain("EDNS:");
    }

    @Test
    void aLargeAnswerIsTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        // +notcp: dig would ask ANY over TCP from the start.
        String udpOnly = dig("big.example.com", "ANY", "+notcp", "+noedns", "+ignore");
        String retried = dig("big.example.com", "ANY", "+notcp", "+noedns");

        assertThat(udpOnly).containsPattern("flags: qr aa tc rd;");
        assertThat(retried).contains("Truncated, retrying in TCP mode").contains("ANSWER: 60");
        assertThat(dig("www.example.com", "A", "+tcp")).contains("10.0.0.1");
    }

    @Test
    void malformedPacketsAreDroppedAndCountedAndTheServerStaysUp() throws Exception {
        long before = STATS.count(DnsStats.Result.MALFORMED);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (byte[] junk : List.of(new byte[0], new byte[] {1}, "not dns at all".getBytes(StandardCharsets.UTF_8),
                    new byte[12 + 5])) {
                socket.send(new DatagramPacket(junk, junk.length, InetAddress.getByName(HOST), port));
            }
        }

        assertThat(dig("www.example.com", "A")).contains("10.0.0.1");
        assertThat(STATS.count(DnsStats.Result.MALFORMED) - before).isGreaterThanOrEqualTo(3);
    }

    static String dig(String name, String type, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@" + HOST, "-p", String.valueOf(port), name, type,
                "+tries=1", "+time=3"));
        command.addAll(List.of(options));
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dig.waitFor(10, TimeUnit.SECONDS)).as("dig finished").isTrue();
        return out;
    }
}
