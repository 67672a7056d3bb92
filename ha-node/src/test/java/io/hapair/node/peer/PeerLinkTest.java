package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hapair.node.TestPorts;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PeerLinkTest {

    private static final String A = "127.0.3.1";
    private static final String B = "127.0.3.2";
    private static final String SECRET = "correct-pair-secret-01";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final int portA = TestPorts.free(A);
    private final int portB = TestPorts.free(B);

    private static final class Recorder implements PeerTransport.Listener {
        final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final List<String> gone = new CopyOnWriteArrayList<>();
        final List<Boolean> handshakes = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void heartbeat(Heartbeat heartbeat) {
            heartbeats.add(heartbeat);
        }

        @Override
        public void handshakePending(boolean pending) {
            handshakes.add(pending);
        }

        @Override
        public void connected() {
        }

        @Override
        public void message(String type, String body) {
            messages.add(type + " " + body);
        }

        @Override
        public void linkLost(String cause) {
            lost.add(cause);
        }

        @Override
        public void partnerGone(String cause) {
            gone.add(cause);
        }
    }

    private final List<Runnable> detach = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        detach.forEach(Runnable::run);
    }

    /** Records what {@code source} logs from now until the end of the test. */
    private ListAppender<ILoggingEvent> capture(Class<?> source) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        detach.add(() -> logger.detachAppender(appender));
        return appender;
    }

    private PeerLink link(String self, int port, String partner, int partnerPort, String secret, Recorder r) throws Exception {
        return link(self, port, partner, partnerPort, secret, null, r);
    }

    private PeerLink link(String self, int port, String partner, int partnerPort, String secret, String previousSecret,
                          Recorder r) throws Exception {
        NodeCertificate cert = NodeCertificate.ensure(null, null, dir.resolve(self), self, List.of(self));
        PeerLink link = new PeerLink(vertx, new PeerLink.Endpoints(self, port, partner, partnerPort), secret,
                previousSecret, cert, AnyPartnerCertificate.INSTANCE, r);
        link.start().await(10, TimeUnit.SECONDS);
        return link;
    }

    private static Heartbeat heartbeat(String name, long incarnation) {
        return new Heartbeat(new PartnerReport(name, HaMode.MASTER, PreferredServer.PREFER_MASTER, Activity.ACTIVE,
                true, 1, 0, false, false, false, "1.0", 8444, false, 0), incarnation, System.currentTimeMillis(), -1, 0);
    }

    @Test
    void partnersWithTheSameSecretDeliverHeartbeatsBothWays() throws Exception {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, rb);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().outgoingUp() && b.stats().outgoingUp());
        vertx.runOnContext(v -> {
            a.sendHeartbeat(heartbeat("a", 1));
            b.sendHeartbeat(heartbeat("b", 1));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.heartbeats.isEmpty() && !rb.heartbeats.isEmpty());
        assertThat(rb.heartbeats.get(0).report().nodeName()).isEqualTo("a");
        assertThat(ra.heartbeats.get(0).report().nodeName()).isEqualTo("b");
        assertThat(ra.handshakes).contains(true).last().isEqualTo(false);
    }

    @Test
    void messagesArriveIntactLargeOnesDeflatedBetweenNodesOfThisVersionAndFromPartnersOfEarlierOnes() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, new Recorder());
        String body = "{\"name\":\"caf\u00e9 \\\"\u00fcber\\\" \u2713\",\"port\":443}";
        String batch = new String(DeflateTest.batch(500), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().incomingUp() && b.stats().outgoingUp());

        vertx.runOnContext(v -> b.send("sync-push", body));
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.messages.size() == 1);
        // Between nodes of this version a large body crosses deflated.
        long before = b.stats().bytesSent();
        long bodiesBefore = b.stats().bodyBytesSent();
        vertx.runOnContext(v -> b.send("sync-push", batch));
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.messages.size() == 2);
        assertThat(ra.messages.get(1)).isEqualTo("sync-push " + batch);
        assertThat(b.stats().outgoingDeflates()).isTrue();
        assertThat(b.stats().bytesSent() - before).as("frame bytes of a %d-byte batch", batch.length())
                .isLessThan(batch.length() / 5);
        assertThat(b.stats().bodyBytesSent() - bodiesBefore).isEqualTo(batch.getBytes(StandardCharsets.UTF_8).length);
        b.stop().await(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.stats().incomingUp());

        // A node of this version offers bodies as bytes and deflated in its hello, and the link accepts both.
        try (TlsPeerClient current = TlsPeerClient.connect(B, A, portA)) {
            Session session = current.handshake(SECRET, null, true, true);
            assertThat(current.rawBodies()).isTrue();
            assertThat(current.deflatedBodies()).isTrue();
            current.writeSealed(session, "sync-push", body);
            current.writeSealed(session, "sync-push", batch);
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.messages.size() == 4);
        }
        // A node of the version before deflating offers bodies as bytes only, and gets them as they are.
        try (TlsPeerClient earlier = TlsPeerClient.connect(B, A, portA)) {
            Session session = earlier.handshake(SECRET, null, true, false);
            assertThat(earlier.rawBodies()).isTrue();
            assertThat(earlier.deflatedBodies()).isFalse();
            earlier.writeSealed(session, "sync-push", batch);
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.messages.size() == 5);
        }
        // A node of an earlier version offers nothing: its frames carry the body inside the envelope.
        try (TlsPeerClient earliest = TlsPeerClient.connect(B, A, portA)) {
            Session session = earliest.handshake(SECRET, null, false, true);
            assertThat(earliest.rawBodies()).isFalse();
            assertThat(earliest.deflatedBodies()).as("deflating only comes with bodies as bytes").isFalse();
            earliest.writeSealed(session, "sync-push", body);
            await().atMost(Duration.ofSeconds(5)).until(() -> ra.messages.size() == 6);
        }
        assertThat(ra.messages).containsOnly("sync-push " + body, "sync-push " + batch);
        assertThat(a.stats().refused()).isZero();
    }

    @Test
    void peerWithTheWrongSecretIsRefusedCountedAndDeliversNothing() throws Exception {
        Recorder ra = new Recorder();
        Recorder impostor = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, "wrong-secret-0000000", impostor);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().refused() >= 1 && b.stats().refused() >= 1);
        vertx.runOnContext(v -> b.sendHeartbeat(heartbeat("impostor", Long.MAX_VALUE)));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> ra.heartbeats.isEmpty());
        assertThat(a.stats().lastRefusal()).contains("wrong pairing secret");
        assertThat(b.stats().outgoingUp()).isFalse();
    }

    @Test
    void connectionFromAnAddressOtherThanThePartnerIsRefused() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        Recorder rc = new Recorder();
        link("127.0.3.3", TestPorts.free("127.0.3.3"), A, portA, SECRET, rc);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().refused() >= 1);
        assertThat(a.stats().lastRefusal()).contains("not the configured partner " + B);
        assertThat(ra.heartbeats).isEmpty();
    }

    @Test
    void garbageAndOversizedFramesAreRefusedAndTheLinkStillWorks() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        var client = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
                .setHostnameVerificationAlgorithm("").setLocalAddress(B));
        NetSocket garbage = client.connect(portA, A).await(5, TimeUnit.SECONDS);
        garbage.write(Buffer.buffer().appendInt(12).appendString("not json!!!!"));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().refused() >= 1);
        NetSocket huge = client.connect(portA, A).await(5, TimeUnit.SECONDS);
        huge.write(Buffer.buffer().appendInt(Integer.MAX_VALUE));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().refused() >= 2);
        assertThat(a.stats().lastRefusal()).contains("frame length");

        Recorder rb = new Recorder();
        PeerLink b = link(B, portB, A, portA, SECRET, rb);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().outgoingUp());
        vertx.runOnContext(v -> b.sendHeartbeat(heartbeat("b", 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.heartbeats.isEmpty());
    }

    @Test
    void junkFromThePartnersAddressIsRefusedOnceAndTheLinkKeepsHeartbeating() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().incomingUp() && b.stats().outgoingUp());
        ListAppender<ILoggingEvent> log = capture(PeerLink.class);
        byte[] junk = new byte[64 * 1024];
        new Random(6973).nextBytes(junk);

        try (TlsPeerClient attacker = TlsPeerClient.connect(B, A, portA)) {
            attacker.writeFlood(junk);
            assertThat(attacker.closedByPeerWithin(Duration.ofSeconds(5))).as("link closed the junk connection").isTrue();
        }
        vertx.runOnContext(v -> b.sendHeartbeat(heartbeat("b", 1)));

        await().atMost(Duration.ofSeconds(5)).until(() -> ra.heartbeats.size() == 1);
        assertThat(a.stats().refused()).isEqualTo(1);
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().startsWith("peer: refused")).hasSize(1);
        assertThat(a.stats().incomingUp()).isTrue();
        assertThat(ra.lost).isEmpty();
    }

    @Test
    void aFloodOfRefusedConnectionsIsCountedInFullButLogsTheFirstOfEachAddressAndOneLineAMomentAfter() throws Exception {
        PeerLink a = link(A, portA, B, portB, SECRET, new Recorder());
        ListAppender<ILoggingEvent> log = capture(PeerLink.class);
        String scanner = "127.0.3.7";
        String other = "127.0.3.8";

        for (int i = 0; i < 20; i++) {
            try (TlsPeerClient stranger = TlsPeerClient.connect(scanner, A, portA)) {
                assertThat(stranger.closedByPeerWithin(Duration.ofSeconds(5))).isTrue();
            }
        }
        try (TlsPeerClient stranger = TlsPeerClient.connect(other, A, portA)) {
            assertThat(stranger.closedByPeerWithin(Duration.ofSeconds(5))).isTrue();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().refused() == 21);
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("peer: refused")).toList();
        // The scanner's first connection, the first repeat (then quiet for 10 s), and the other address's first.
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("peer connection from " + other);
    }

    @Test
    void manyBadFramesQueuedOnOneConnectionAreOneRefusal() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        ListAppender<ILoggingEvent> log = capture(PeerLink.class);
        byte[] bad = FrameReader.frame("not json!!!!".getBytes(StandardCharsets.UTF_8)).getBytes();
        byte[] frames = new byte[bad.length * 4000];
        for (int i = 0; i < 4000; i++) {
            System.arraycopy(bad, 0, frames, i * bad.length, bad.length);
        }

        try (TlsPeerClient attacker = TlsPeerClient.connect(B, A, portA)) {
            attacker.writeFlood(frames);
            assertThat(attacker.closedByPeerWithin(Duration.ofSeconds(5))).isTrue();
        }

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> a.stats().refused() == 1);
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().startsWith("peer: refused")).hasSize(1);
        assertThat(ra.heartbeats).isEmpty();
    }

    @Test
    void nodeWithTheNewSecretAndThePreviousOneLinksWithAPartnerStillOnTheOld() throws Exception {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        PeerLink a = link(A, portA, B, portB, "new-pair-secret-000002", SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, rb);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().outgoingUp() && b.stats().outgoingUp());
        vertx.runOnContext(v -> {
            a.sendHeartbeat(heartbeat("a", 1));
            b.sendHeartbeat(heartbeat("b", 1));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.heartbeats.isEmpty() && !rb.heartbeats.isEmpty());
        assertThat(a.stats().refused()).isZero();
        assertThat(b.stats().refused()).isZero();
    }

    @Test
    void partnerWithNeitherTheSecretNorThePreviousOneIsRefused() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, "new-pair-secret-000002", SECRET, ra);
        PeerLink b = link(B, portB, A, portA, "wrong-secret-0000000", new Recorder());

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().refused() >= 1 && b.stats().refused() >= 1);

        assertThat(a.stats().lastRefusal()).contains("wrong pairing secret");
        assertThat(a.stats().outgoingUp()).isFalse();
        assertThat(b.stats().outgoingUp()).isFalse();
        assertThat(ra.heartbeats).isEmpty();
    }

    @Test
    void heartbeatFromAnOlderIncarnationIsRejected() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().outgoingUp());

        vertx.runOnContext(v -> {
            b.sendHeartbeat(heartbeat("b", 200));
            b.sendHeartbeat(heartbeat("b-stale", 100));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().staleRejected() >= 1);
        assertThat(ra.heartbeats).extracting(h -> h.report().nodeName()).containsExactly("b");
    }

    @Test
    void partnerGivenByNameIsResolvedWhenDialledAndHeardOnlyFromWhatTheNameResolvesTo() throws Exception {
        String loopback = "127.0.0.1";
        int portL = TestPorts.free(loopback);
        Recorder ra = new Recorder();
        // Started with a stale address for the name: the dial resolves "localhost" again and finds the partner.
        NodeCertificate certA = NodeCertificate.ensure(null, null, dir.resolve(A), A, List.of(A));
        PeerLink a = new PeerLink(vertx, new PeerLink.Endpoints(A, portA, "127.0.3.9", portL, "localhost"), SECRET,
                certA, AnyPartnerCertificate.INSTANCE, ra);
        a.start().await(10, TimeUnit.SECONDS);
        PeerLink b = link(loopback, portL, A, portA, SECRET, new Recorder());

        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().outgoingUp() && a.stats().incomingUp());
        assertThat(a.stats().partnerAddress()).startsWith(loopback);
        vertx.runOnContext(v -> b.sendHeartbeat(heartbeat("b", 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.heartbeats.isEmpty());

        // The stale address is no longer the partner's: a connection from it is refused.
        link("127.0.3.9", TestPorts.free("127.0.3.9"), A, portA, SECRET, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().refused() >= 1);
        assertThat(a.stats().lastRefusal()).contains("not the configured partner " + loopback);
    }

    @Test
    void closedIncomingConnectionIsReportedAsLinkLost() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, SECRET, ra);
        PeerLink b = link(B, portB, A, portA, SECRET, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().incomingUp());

        b.stop().await(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.lost.isEmpty());
        assertThat(ra.lost.get(0)).contains("closed");
    }
}
