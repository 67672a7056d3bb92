package io.hapair.node.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.settings.SyslogTarget;
import io.hapair.node.settings.SyslogTarget.Facility;
import io.hapair.node.settings.SyslogTarget.Severity;
import io.hapair.node.settings.SyslogTarget.Transport;
import io.hapair.node.syslog.model.Rfc5424;
import io.hapair.node.syslog.model.SyslogMessage;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sender per target, against receivers on loopback: what arrives, in what framing, and what a dead target costs. */
class SyslogSenderTest {

    private static final String RECEIVER = "127.0.133.1";
    private static final Rfc5424.Sender NODE = new Rfc5424.Sender("master", "hanode", 77, "ha-pair", "test");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Vertx vertx;
    private Context context;
    private DatagramSocket udp;
    private final List<SyslogSender> senders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        udp = vertx.createDatagramSocket();
    }

    @AfterEach
    void stop() throws Exception {
        senders.forEach(s -> context.runOnContext(v -> s.close()));
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private SyslogSender sender(SyslogTarget target, int capacity) {
        SyslogSender s = new SyslogSender(vertx, context, target, NODE, udp, capacity);
        senders.add(s);
        return s;
    }

    private static SyslogMessage message(Severity severity, String text) {
        return new SyslogMessage(System.currentTimeMillis(), severity, "Test", text);
    }

    private static <T> T done(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aUdpTargetGetsOneDatagramPerMessageAtItsSeverityOrWorse() throws Exception {
        int port = TestPorts.free(RECEIVER);
        List<String> received = new CopyOnWriteArrayList<>();
        DatagramSocket receiver = vertx.createDatagramSocket();
        receiver.handler(p -> received.add(p.data().toString(StandardCharsets.UTF_8)));
        done(receiver.listen(port, RECEIVER));
        SyslogSender s = sender(new SyslogTarget(RECEIVER, port, Transport.UDP, Facility.LOCAL0, Severity.WARNING,
                null), 100);

        s.offer(message(Severity.INFO, "routine"));
        s.offer(message(Severity.WARNING, "trouble"));
        s.offer(message(Severity.ERR, "failure"));

        await().atMost(PATIENCE).until(() -> received.size() == 2);
        // local0 (16) * 8 + warning (4) = 132; err (3) = 131. Numbered among what the target takes.
        assertThat(received.get(0)).startsWith("<132>1 ").contains("[meta sequenceId=\"1\"] trouble");
        assertThat(received.get(1)).startsWith("<131>1 ").contains("[meta sequenceId=\"2\"] failure");
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.up()).isTrue();
    }

    @Test
    void aTcpTargetThatIsDownCostsABoundedQueueAndGetsTheNewestOctetCountedOnceItListens() throws Exception {
        int port = TestPorts.free(RECEIVER);
        SyslogSender s = sender(new SyslogTarget(RECEIVER, port, Transport.TCP, null, null, null), 3);

        for (int i = 1; i <= 5; i++) {
            s.offer(message(Severity.INFO, "event " + i));
        }
        await().atMost(PATIENCE).until(() -> !s.up() && s.dropped() == 2);
        assertThat(s.sent()).isZero();

        Frames frames = new Frames();
        NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(frames::add));
        done(server.listen(port, RECEIVER));

        // Reconnected after its back-off: the three newest, numbered as queued, so the receiver sees the gap.
        await().atMost(PATIENCE).until(() -> frames.messages().size() == 3);
        assertThat(frames.messages()).satisfiesExactly(
                m -> assertThat(m).contains("[meta sequenceId=\"3\"] event 3"),
                m -> assertThat(m).contains("[meta sequenceId=\"4\"] event 4"),
                m -> assertThat(m).contains("[meta sequenceId=\"5\"] event 5"));
        assertThat(s.up()).isTrue();
        assertThat(s.sent()).isEqualTo(3);
    }

    @Test
    void aTlsTargetSendsOnlyToAReceiverWhoseCertificateItsAuthorityVouchesFor(@TempDir Path dir) throws Exception {
        NodeCertificate receiverCert = NodeCertificate.ensure(null, null, Files.createDirectories(dir.resolve("r")),
                "receiver", List.of(RECEIVER));
        NodeCertificate stranger = NodeCertificate.ensure(null, null, Files.createDirectories(dir.resolve("s")),
                "stranger", List.of(RECEIVER));
        int port = TestPorts.free(RECEIVER);
        Frames frames = new Frames();
        NetServer server = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(receiverCert.certPath().toString())
                                .setKeyPath(receiverCert.keyPath().toString())))
                .connectHandler(socket -> socket.handler(frames::add));
        done(server.listen(port, RECEIVER));
        SyslogSender trusting = sender(new SyslogTarget(RECEIVER, port, Transport.TLS, null, null,
                Files.readString(receiverCert.certPath())), 100);
        SyslogSender wrongAuthority = sender(new SyslogTarget(RECEIVER, port, Transport.TLS, Facility.LOCAL1, null,
                Files.readString(stranger.certPath())), 100);

        wrongAuthority.offer(message(Severity.INFO, "for an impostor"));
        trusting.offer(message(Severity.INFO, "over tls"));

        await().atMost(PATIENCE).until(() -> frames.messages().size() == 1);
        assertThat(frames.messages().get(0)).startsWith("<30>1 ").endsWith("] over tls");
        assertThat(trusting.up()).isTrue();
        await().atMost(PATIENCE).until(() -> !wrongAuthority.up());
        assertThat(wrongAuthority.sent()).isZero();
        assertThat(frames.messages()).noneMatch(m -> m.contains("impostor"));
    }

    /** What a stream receiver got, split by RFC 6587's octet counting: "LENGTH SP MESSAGE", again and again. */
    private static final class Frames {
        private byte[] pending = new byte[0];
        private final List<String> messages = new CopyOnWriteArrayList<>();

        synchronized void add(Buffer data) {
            byte[] all = Buffer.buffer(pending).appendBuffer(data).getBytes();
            int at = 0;
            while (true) {
                int space = at;
                while (space < all.length && all[space] != ' ') {
                    space++;
                }
                if (space == all.length) {
                    break;
                }
                int length = Integer.parseInt(new String(all, at, space - at, StandardCharsets.US_ASCII));
                if (all.length < space + 1 + length) {
                    break;
                }
                messages.add(new String(all, space + 1, length, StandardCharsets.UTF_8));
                at = space + 1 + length;
            }
            pending = Arrays.copyOfRange(all, at, all.length);
        }

        List<String> messages() {
            return List.copyOf(messages);
        }
    }
}
