package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodeOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node told to serve GEO DNS on a port another process holds does not start without it: it exits
 * non-zero naming the keys and the fix, as for the API, health-check and peer ports, and leaves no
 * HAProxy behind. A log line alone would leave the balancer sending DNS clients to a node that never
 * answers them.
 */
class GeoDnsPortTakenTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(153);

    private static final String NODE = "127.20.153.1";

    @ParameterizedTest(name = "the {0} port is taken")
    @ValueSource(strings = {"udp", "tcp"})
    void aNodeWhoseDnsPortIsTakenExitsNamingTheKeysAndTheFix(String transport) throws IOException {
        Path dataDir = fixtures.workDir().resolve("data-" + transport);
        try (Held holder = hold(transport)) {
            int port = holder.port();
            List<String> args = new ArrayList<>(List.of("run"));
            NodeOptions.of("dns", "none", "prefer-master", NODE, null).with("--data-dir", dataDir.toString())
                    .with("--dns-port", Integer.toString(port)).flags().forEach((flag, value) -> {
                        args.add(flag);
                        args.add(value);
                    });

            HanodeJar.Result result = HanodeJar.run(args, Map.of(), Duration.ofSeconds(90));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString())
                    .contains("hanode: cannot start: cannot listen for GEO DNS on " + NODE + ":" + port)
                    .contains("check dns-address and dns-port")
                    .contains("another process may hold the port")
                    .contains("CAP_NET_BIND_SERVICE");
            assertThat(result.stdout()).as("nothing started").doesNotContain("started as");
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(dataDir.toString()))).as("no HAProxy outlives the node that could not start").isEmpty();
    }

    /** A socket of this JVM on the node's address, on a free port: UDP or TCP as the test wants. */
    private static Held hold(String transport) throws IOException {
        InetAddress address = InetAddress.getByName(NODE);
        if (transport.equals("udp")) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0));
            return new Held(udp.getLocalPort(), udp);
        }
        ServerSocket tcp = new ServerSocket(0, 1, address);
        return new Held(tcp.getLocalPort(), tcp);
    }

    private record Held(int port, Closeable socket) implements Closeable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
