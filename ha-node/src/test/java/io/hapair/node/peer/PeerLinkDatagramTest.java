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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two real peer links exchanging heartbeats as UDP datagrams, directly or through a {@link PeerRelay}
 * that stands on the address both take for their partner, and what they do when the partner's
 * process dies or only its connections do.
 */
class PeerLinkDatagramTest {

    private static final String A = "127.0.93.1";
    private static final String B = "127.0.93.2";
    private static final String RELAY = "127.0.93.3";
    private static final String STRANGER = "127.0.93.9";
    private static final String SECRET = "correct-pair-secret-01";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final int portA = TestPorts.free(A);
    private final int portB = TestPorts.free(B);
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<Runnable> cleanup = new CopyOnWriteArrayList<>();

    private static final class Recorder implements PeerTransport.Listener {
        final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final List<String> gone = new CopyOnWriteArrayList<>();
        final AtomicLong goneAtNanos = new AtomicLong();

        @Override
        public void heartbeat(Heartbeat heartbeat) {
            heartbeats.add(heartbeat);
        }

        @Override
        public void message(String type, String body) {
        }

        @Override
        public void handshakePending(boolean pending) {
        }

        @Override
        public void connected() {
        }

        @Override
        public void linkLost(String cause) {
            lost.add(cause);
        }

        @Override
        public void partnerGone(String cause) {
            goneAtNanos.compareAndSet(0, System.nanoTime());
            gone.add(cause);
        }
    }

    @AfterEach
    void close() throws Exception {
        cleanup.forEach(Runnable::run);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private PeerLink link(String self, int port, String partner, int partnerPort, Recorder r) throws Exception {
        NodeCertificate cert = NodeCertificate.ensure(null, null, dir.resolve(self), self, List.of(self));
        PeerLink link = new PeerLink(vertx, new PeerLink.Endpoints(self, port, partner, partnerPort), SECRET, cert,
                AnyPartnerCertificate.INSTANCE, r);
        link.start().await(10, TimeUnit.SECONDS);
        return link;
    }

    /** A heartbeat with a fresh send time, as the node sends them. */
    private Heartbeat heartbeat(String name, long incarnation) {
        return new Heartbeat(new PartnerReport(name, HaMode.SLAVE, PreferredServer.PREFER_MASTER, Activity.STANDBY,
                true, 0, 0, false, false, false, "1.0", 8444, false, 0), incarnation, clock.incrementAndGet(), -1, 0);
    }

    private void send(PeerLink from, String name, long incarnation) {
        Heartbeat hb = heartbeat(name, incarnation);
        vertx.runOnContext(v -> from.sendHeartbeat(hb));
    }

    /** Heartbeats every 20 ms from {@code from} until the test ends. */
    private void keepSending(PeerLink from, String name, long incarnation) {
        long timer = vertx.setPeriodic(20, t -> from.sendHeartbeat(heartbeat(name, incarnation)));
        cleanup.add(() -> vertx.cancelTimer(timer));
    }

    private ListAppender<ILoggingEvent> capture(Class<?> source) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        cleanup.add(() -> logger.detachAppender(appender));
        return appender;
    }

    /** A and B each take the relay for their partner; the relay forwards between them. */
    private record Relayed(PeerLink a, Recorder ra, PeerLink b, PeerRelay relay) {
    }

    private Relayed relayed() throws Exception {
        int relayForA = TestPorts.free(RELAY);
        int relayForB = TestPorts.free(RELAY);
        PeerRelay relay = new PeerRelay(vertx, RELAY, A, portA, relayForB, B, portB, relayForA);
        cleanup.add(() -> {
            try {
                relay.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, RELAY, relayForA, ra);
        PeerLink b = link(B, portB, RELAY, relayForB, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().outgoingUp() && b.stats().outgoingUp()
                && a.stats().incomingUp() && b.stats().incomingUp());
        return new Relayed(a, ra, b, relay);
    }

    @Test
    void heartbeatsArriveAsDatagramsAndEachIsDeliveredOnceThoughATlsCopyTravelsToo() throws Exception {
        Relayed r = relayed();

        for (int i = 0; i < 3; i++) {
            send(r.b(), "b", 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> r.relay().datagramsToA.size() == 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> r.ra().heartbeats.size() == 3);
        assertThat(r.a().stats().datagramsReceived()).isPositive();
        assertThat(r.b().stats().datagramsSent()).isEqualTo(3);
        assertThat(r.a().stats().refused()).isZero();
    }

    @Test
    void heartbeatsKeepArrivingByDatagramWhileTheTlsConnectionsAreCutAndCannotReconnect() throws Exception {
        Relayed r = relayed();
        keepSending(r.b(), "b", 1);
        r.relay().holdNewConnections(true);
        r.relay().cutConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> !r.a().stats().incomingUp() && !r.a().stats().outgoingUp());

        int before = r.ra().heartbeats.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.ra().heartbeats.size() >= before + 20);
        assertThat(r.a().stats().incomingUp()).as("no TLS connection the while").isFalse();
        assertThat(r.ra().gone).as("a lost link whose port still accepts is no death").isEmpty();
        assertThat(r.ra().lost).isNotEmpty();
    }

    @Test
    void closedConnectionWhosePortStillAcceptsReconnectsAndIsNoProcessDeath() throws Exception {
        Relayed r = relayed();

        r.relay().cutConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> !r.ra().lost.isEmpty() && r.a().stats().outgoingUp()
                && r.a().stats().incomingUp());
        assertThat(r.ra().gone).isEmpty();
        assertThat(r.a().stats().partnerGone()).isZero();
    }

    @Test
    void partnerWhosePortRefusesTheReconnectIsReportedGoneAtOnceAndItsSuccessorIsHeard() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, ra);
        PeerLink b = link(B, portB, A, portA, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().outgoingUp() && b.stats().outgoingUp());
        send(b, "b", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.heartbeats.size() == 1);

        long stoppedAt = System.nanoTime();
        b.stop().await(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.gone.isEmpty());
        System.out.printf("partner gone reported %.1f ms after its link stopped%n",
                (ra.goneAtNanos.get() - stoppedAt) / 1e6);
        assertThat(ra.gone).hasSize(1);
        assertThat(ra.gone.get(0)).contains("refused the reconnect");
        assertThat(a.stats().partnerGone()).isEqualTo(1);

        PeerLink successor = link(B, portB, A, portA, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> successor.stats().outgoingUp());
        long datagramsBefore = a.stats().datagramsReceived();
        send(successor, "b-restarted", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.heartbeats.size() == 2);
        assertThat(ra.heartbeats.get(1).report().nodeName()).isEqualTo("b-restarted");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().datagramsReceived() > datagramsBefore);
    }

    @Test
    void partnerHeardOnlyOnItsOwnConnectionIsReportedGoneWhenThatClosesAndItsPortRefusesOurDial() throws Exception {
        Recorder ra = new Recorder();
        // Nothing listens where A dials, so A never has an outgoing connection; B reaches A on its own.
        PeerLink a = link(A, portA, B, TestPorts.free(B), ra);
        PeerLink b = link(B, portB, A, portA, new Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().incomingUp() && b.stats().outgoingUp());
        assertThat(ra.gone).as("refused dials before any connection say nothing").isEmpty();

        b.stop().await(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !ra.gone.isEmpty());
        assertThat(ra.gone).hasSize(1);
        assertThat(ra.gone.get(0)).contains("incoming peer connection from " + B + " closed");
    }

    @Test
    void datagramsFromAnyAddressButThePartnersAreRefusedAndCounted() throws Exception {
        Recorder ra = new Recorder();
        PeerLink a = link(A, portA, B, portB, ra);
        DatagramSocket stranger = vertx.createDatagramSocket();
        stranger.listen(0, STRANGER).await(5, TimeUnit.SECONDS);

        stranger.send(Buffer.buffer(new byte[100]), portA, A).await(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> a.stats().datagramsRefused() == 1);
        assertThat(a.stats().refused()).isEqualTo(1);
        assertThat(a.stats().lastRefusal()).contains("not the configured partner " + B);
        assertThat(ra.heartbeats).isEmpty();
    }

    @Test
    void replayedAndForgedDatagramsFromThePartnersAddressAreRefusedAndAFloodOfThemLogsOneLine() throws Exception {
        Relayed r = relayed();
        send(r.b(), "b", 1);
        send(r.b(), "b", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.relay().datagramsToA.size() == 2
                && r.a().stats().datagramsReceived() == 2);
        ListAppender<ILoggingEvent> log = capture(HeartbeatDatagrams.class);
        Buffer recorded = r.relay().datagramsToA.get(0);

        r.relay().replayToA(recorded);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.a().stats().datagramsRefused() == 1);
        assertThat(r.a().stats().lastRefusal()).contains("replayed");

        // The next sequence numbers, so the window lets them through to the MAC check, which fails.
        int flood = 500;
        for (int i = 0; i < flood; i++) {
            Buffer forged = recorded.copy();
            forged.setLong(9, 1_000 + i);
            r.relay().replayToA(forged);
        }
        // Loopback may drop some of a burst; at least a fifth of them is plenty to show the log stays quiet.
        await().atMost(Duration.ofSeconds(10)).until(() -> r.a().stats().datagramsRefused() >= 1 + flood / 5);
        assertThat(r.a().stats().lastRefusal()).contains("bad MAC");
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().startsWith("peer: refused"))
                .as("one line per %d ms, not per datagram", HeartbeatDatagrams.LOG_INTERVAL_MS).hasSize(1);

        send(r.b(), "b", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.ra().heartbeats.size() == 3);
        assertThat(r.a().stats().datagramsReceived()).isEqualTo(3);
    }
}
