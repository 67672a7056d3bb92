package io.hapair.tests.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;

/**
 * A node's start asks the name servers nothing about its own host name. The node runs in a UTS and a mount namespace
 * of its own ({@code unshare}) with a host name that neither /etc/hosts nor any name server knows, as a node has once
 * its {@code hostname} setting renamed the host, and with a resolver file naming a name server of this test, which
 * notes every question and answers none. The default node name used to come from InetAddress.getLocalHost(), which
 * resolves the host name: every start of such a node asked, and waited for the resolver's timeout. Needs root, as
 * run-tests has.
 */
class StartNameLookupTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(174);

    @Test
    void aNodeWhoseHostNameNoResolverKnowsStartsWithoutAskingTheNameServersForIt() throws Exception {
        String hostname = "hn-unknown-" + ProcessHandle.current().pid();
        String nameServer = fixtures.nextAddress();
        List<String> asked = new CopyOnWriteArrayList<>();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(nameServer, 53))) {
            Thread listener = new Thread(() -> note(silent, asked), "silent-name-server");
            listener.setDaemon(true);
            listener.start();
            Path resolvConf = Files.writeString(fixtures.workDir().resolve("resolv.conf"),
                    "nameserver " + nameServer + "\noptions timeout:2 attempts:1\n");
            NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                    // sh's $0 is the resolver file, $1 the host name; then it execs the node, which keeps the pid.
                    .withLauncher(List.of("unshare", "--uts", "--mount", "--propagation", "private", "--", "sh", "-c",
                            "mount --bind \"$0\" /etc/resolv.conf && hostname \"$1\" && shift && exec \"$@\"",
                            resolvConf.toString(), hostname));

            HaNodeProcess node = fixtures.node(options);

            assertThat(node.healthCode()).as("started").isIn(200, 503);
            assertThat(asked).as("questions the node's start asked the name server").noneMatch(q -> q.contains(hostname));
        }
    }

    /** Notes the name each datagram asks about (dnsjava's parser) until the socket closes; answers nothing. */
    private static void note(DatagramSocket socket, List<String> asked) {
        byte[] buffer = new byte[4096];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                asked.add("unreadable datagram: " + e);
                continue;
            }
            try {
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                asked.add(query.getQuestion() == null ? "no question" : query.getQuestion().getName().toString());
            } catch (IOException e) {
                asked.add("not a DNS message: " + e.getMessage());
            }
        }
    }
}
