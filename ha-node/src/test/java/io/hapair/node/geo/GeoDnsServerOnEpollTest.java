package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoMapping;
import io.hapair.node.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The GEO DNS server as the node runs it on Linux: on Netty's epoll transport, with one UDP socket per
 * core sharing the port. Clients asking from many source ports (as resolvers do) are spread over those
 * sockets, and each must get its answer from the address and port it asked.
 */
class GeoDnsServerOnEpollTest {

    private static final String HOST = "127.0.88.1";
    private static final int CLIENTS = 64;
    // Under Linux's default cap (net.core.rmem_max 208 KiB) and unlike its default buffer (rmem_default, 208 KiB).
    private static final int RECEIVE_BUFFER = 96 * 1024;
    private static Vertx vertx;
    private static int port;

    @BeforeAll
    static void serve() throws Exception {
        assertThat(Transport.EPOLL.available()).as("epoll transport: %s", Transport.EPOLL.unavailabilityCause())
                .isTrue();
        GeoZones zones = GeoZones.of(List.of(new GeoFqdn("www.example.com", null, 30,
                        List.of(new GeoMapping("eu", null, null)), null)),
                Map.of("eu", new GeoCluster("eu", "10.0.0.1", GeoCluster.Type.DEFAULT, null)),
                ClientLocations.of(List.of()), c -> Optional.of(c.address()));
        vertx = Vertx.builder().withTransport(Transport.EPOLL).build();
        port = TestPorts.free(HOST);
        GeoDnsServer.deploy(vertx, HOST, port, RECEIVE_BUFFER, new GeoDnsResponder(() -> zones, new DnsStats()))
                .await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void theUdpPortIsSharedByOneSocketPerCore() throws IOException {
        assertThat(udpSocketsOn(HOST, port)).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void eachUdpSocketHasTheConfiguredReceiveBuffer() throws Exception {
        Process ss = new ProcessBuilder("ss", "-ulmnH", "sport = :" + port).redirectErrorStream(true).start();
        String sockets = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // ss shows what the kernel keeps: twice the size asked for (its bookkeeping), one line per socket.
        assertThat(Pattern.compile("\\brb(\\d+)").matcher(sockets).results().map(m -> m.group(1)))
                .as("receive buffers in: %s", sockets)
                .hasSize(Runtime.getRuntime().availableProcessors())
                .allMatch(rb -> Integer.parseInt(rb) == 2 * RECEIVE_BUFFER);
    }

    @Test
    void everyClientPortGetsItsOwnAnswerFromTheAddressAndPortItAsked() throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(HOST), port);
        List<DatagramSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                client.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
                clients.add(client);
                byte[] query = query(i).toWire();
                client.send(new DatagramPacket(query, query.length, server));
            }
            for (int i = 0; i < CLIENTS; i++) {
                DatagramPacket received = new DatagramPacket(new byte[512], 512);
                clients.get(i).receive(received);
                Message answer = new Message(Arrays.copyOf(received.getData(), received.getLength()));

                assertThat(received.getSocketAddress()).as("client %d answered from", i).isEqualTo(server);
                assertThat(answer.getHeader().getID()).as("client %d's query id", i).isEqualTo(i);
                assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(answer.getSection(Section.ANSWER)).singleElement()
                        .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("10.0.0.1"));
            }
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }

    /**
     * strace (installed with the node's test tools, like ss) holds every epoll_wait of this JVM for 50 ms, so
     * the queries of a burst wait in the socket together; the server must then read them with recvmmsg, up
     * to {@link GeoDnsServer#BATCH} per call, not one datagram per system call.
     */
    @Test
    void queriesWaitingTogetherAreReadTogether() throws Exception {
        Path log = Files.createTempFile("geo-dns-recvmmsg", ".txt");
        Process strace = new ProcessBuilder("strace", "-f", "-p", Long.toString(ProcessHandle.current().pid()),
                "-o", log.toString(), "-e", "trace=recvmmsg,epoll_wait,epoll_pwait,epoll_pwait2",
                "-e", "inject=epoll_wait,epoll_pwait,epoll_pwait2:delay_enter=50000").start();
        List<Integer> read = new ArrayList<>();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            // strace says "Process N attached with M threads" once it traces them all.
            String attached = new BufferedReader(new InputStreamReader(strace.getErrorStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(attached).as("strace's first line").contains("attached");
            client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(HOST), port);
            for (int i = 0; i < CLIENTS; i++) {
                byte[] query = query(i).toWire();
                client.send(new DatagramPacket(query, query.length, server));
            }
            for (int i = 0; i < CLIENTS; i++) {
                client.receive(new DatagramPacket(new byte[512], 512));
            }
        } finally {
            strace.destroy();
            assertThat(strace.waitFor(10, TimeUnit.SECONDS)).as("strace detached").isTrue();
        }
        // One line per call: ... recvmmsg(fd, [...], 16, ...) = <datagrams read>, or -1 when none was waiting.
        Pattern call = Pattern.compile("recvmmsg\\(.*\\) = (\\d+)");
        Files.readAllLines(log).stream().map(call::matcher).filter(Matcher::find)
                .forEach(m -> read.add(Integer.parseInt(m.group(1))));
        Files.delete(log);

        assertThat(read).as("datagrams per recvmmsg").isNotEmpty().allMatch(n -> n <= GeoDnsServer.BATCH)
                .anyMatch(n -> n > 1);
        assertThat(read.stream().mapToInt(Integer::intValue).sum()).as("queries read with recvmmsg")
                .isGreaterThanOrEqualTo(CLIENTS);
    }

    @Test
    void tcpIsAnsweredBesideTheSharedUdpPort() throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(HOST, port));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(5));

        Message answer = resolver.send(query(7));

        assertThat(answer.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("10.0.0.1"));
    }

    private static Message query(int id) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
        query.getHeader().setID(id);
        return query;
    }

    /**
     * Sockets bound to {@code address:port} in /proc/net/udp, or in /proc/net/udp6 as an IPv4-mapped address
     * (Netty's epoll datagram sockets are IPv6 sockets); addresses are printed as 32-bit words in host
     * order, on x86 each word's octets reversed.
     */
    private static long udpSocketsOn(String address, int port) throws IOException {
        String[] o = address.split("\\.");
        String v4 = String.format("%02X%02X%02X%02X", Integer.parseInt(o[3]), Integer.parseInt(o[2]),
                Integer.parseInt(o[1]), Integer.parseInt(o[0]));
        String suffix = String.format(":%04X", port);
        return count(Path.of("/proc/net/udp"), v4 + suffix)
                + count(Path.of("/proc/net/udp6"), "0000000000000000FFFF0000" + v4 + suffix);
    }

    private static long count(Path table, String local) throws IOException {
        return Files.readAllLines(table).stream().map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length > 1 && f[1].equals(local)).count();
    }
}
