package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.pairing.PartnerTrust;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusted pairing on real links over loopback: what the pin lets through, and what it refuses. */
class PeerLinkPinningTest {

    private static final String A = "127.0.18.1";
    private static final String B = "127.0.18.2";
    private static final String SECRET = "correct-pair-secret-18";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final int portA = TestPorts.free(A);
    private final int portB = TestPorts.free(B);

    private static final class Heard implements PeerTransport.Listener {
        final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();

        @Override
        public void heartbeat(Heartbeat heartbeat) {
            heartbeats.add(heartbeat);
        }

        @Override
        public void handshakePending(boolean pending) {
        }

        @Override
        public void connected() {
        }

        @Override
        public void message(String type, String body) {
        }

        @Override
        public void linkLost(String cause) {
        }

        @Override
        public void partnerGone(String cause) {
        }
    }

    /** One side of the pair: its certificate in {@code certDir}, its pin in {@code dataDir}. */
    private record Side(PeerLink link, PartnerTrust trust, NodeCertificate cert, Heard heard) {
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Side start(String self, int port, String partner, int partnerPort, Path certDir, Path dataDir,
                       List<Fingerprint> configured) throws Exception {
        Files.createDirectories(dataDir);
        NodeCertificate cert = NodeCertificate.ensure(null, null, certDir, self, List.of(self));
        PartnerTrust trust = new PartnerTrust(Fingerprint.of(cert.fingerprint()), configured, dataDir,
                System::currentTimeMillis);
        Heard heard = new Heard();
        PeerLink link = new PeerLink(vertx, new PeerLink.Endpoints(self, port, partner, partnerPort), SECRET, cert, trust,
                heard);
        link.start().await(10, TimeUnit.SECONDS);
        return new Side(link, trust, cert, heard);
    }

    private Side a(List<Fingerprint> configured) throws Exception {
        return start(A, portA, B, portB, dir.resolve("a-cert"), dir.resolve("a-data"), configured);
    }

    private Side b(String certDir) throws Exception {
        return start(B, portB, A, portA, dir.resolve(certDir), dir.resolve("b-data"), List.of());
    }

    private void heartbeatFrom(Side side, String name) {
        vertx.runOnContext(v -> side.link().sendHeartbeat(new Heartbeat(new PartnerReport(name, HaMode.SLAVE,
                PreferredServer.PREFER_MASTER, Activity.STANDBY, true, 1, 0, false, false, false, "1.0", 8444, false, 0), 1,
                System.currentTimeMillis(), -1, 0)));
    }

    private static String fingerprint(Side side) {
        return Fingerprint.of(side.cert().fingerprint()).toString();
    }

    @Test
    void pairPinsEachOthersCertificateOnFirstContactWithAWarningToVerifyIt() throws Exception {
        Side a = a(List.of());
        Side b = b("b-cert");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && a.link().stats().outgoingUp()
                && b.link().stats().incomingUp() && b.link().stats().outgoingUp());

        JsonObject status = a.trust().status();
        assertThat(status.getString("pinned")).isEqualTo(fingerprint(b));
        assertThat(status.getString("ownFingerprint")).isEqualTo(fingerprint(a));
        assertThat(status.getString("source")).isEqualTo("first-contact");
        assertThat(status.getString("warning")).contains(fingerprint(b), "check that", "partner-fingerprint");
        assertThat(b.trust().status().getString("pinned")).isEqualTo(fingerprint(a));
        assertThat(Files.readString(dir.resolve("a-data/partner-pin.json"))).contains(fingerprint(b), "\"mutual\" : true");
    }

    @Test
    void partnerWithANewCertificateIsRefusedBothWaysUntilAnOperatorAcceptsIt() throws Exception {
        Side a = a(List.of());
        Side b = b("b-cert");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && b.link().stats().outgoingUp());
        b.link().stop().await(10, TimeUnit.SECONDS);

        Side renewed = b("b-cert-renewed");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.trust().refusals() >= 2);
        heartbeatFrom(renewed, "renewed");

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> a.heard().heartbeats.isEmpty());
        JsonObject refused = a.trust().status();
        assertThat(refused.getString("refusedFingerprint")).isEqualTo(fingerprint(renewed));
        assertThat(refused.getString("refusal")).contains("not the pinned " + fingerprint(b));
        assertThat(refused.getString("pinned")).isEqualTo(fingerprint(b));
        assertThat(a.link().stats().lastRefusal()).contains(fingerprint(renewed));
        assertThat(a.link().stats().incomingUp()).isFalse();
        assertThat(renewed.link().stats().outgoingUp()).isFalse();

        assertThat(a.trust().accept(Fingerprint.parse(fingerprint(renewed)).orElseThrow())).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && a.link().stats().outgoingUp());
        heartbeatFrom(renewed, "renewed");
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.heard().heartbeats.isEmpty());
        JsonObject accepted = a.trust().status();
        assertThat(accepted.getString("pinned")).isEqualTo(fingerprint(renewed));
        assertThat(accepted.getString("source")).isEqualTo("operator");
        assertThat(accepted.getString("refusedFingerprint")).isNull();
        assertThat(accepted.containsKey("warning")).isFalse();
        // The pin outlives the process: a restarted node trusts the accepted certificate only.
        PartnerTrust reread = new PartnerTrust(Fingerprint.of(a.cert().fingerprint()), List.of(), dir.resolve("a-data"),
                System::currentTimeMillis);
        assertThat(reread.status().getString("pinned")).isEqualTo(fingerprint(renewed));
    }

    @Test
    void certificateAcceptedAheadOfARotationTakesOverWithoutARefusal() throws Exception {
        Side a = a(List.of());
        Side b = b("b-cert");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && a.link().stats().outgoingUp());
        NodeCertificate next = NodeCertificate.ensure(null, null, dir.resolve("b-cert-next"), B, List.of(B));
        String nextFingerprint = Fingerprint.of(next.fingerprint()).toString();

        assertThat(a.trust().accept(Fingerprint.of(next.fingerprint()))).isEmpty();
        assertThat(a.trust().status().getString("pinned")).isEqualTo(fingerprint(b));
        assertThat(a.trust().status().getString("next")).isEqualTo(nextFingerprint);
        b.link().stop().await(10, TimeUnit.SECONDS);
        // The stopped link's sockets can outlive its stop by a moment (seen in clean runs: the rotated link's
        // heartbeat socket found the port in use): the rotated node starts once they are gone, as a restarted
        // process would.
        await().atMost(Duration.ofSeconds(5)).until(() -> TestPorts.isFree(B, portB));
        Side rotated = b("b-cert-next");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && a.link().stats().outgoingUp());
        heartbeatFrom(rotated, "rotated");
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.heard().heartbeats.isEmpty());
        assertThat(a.trust().refusals()).isZero();
        assertThat(a.trust().status().getString("pinned")).isEqualTo(nextFingerprint);
        assertThat(a.trust().status().getString("next")).isNull();
    }

    @Test
    void configuredFingerprintThatDoesNotMatchIsRefusedFromTheFirstContact() throws Exception {
        Side a = a(List.of(Fingerprint.parse("ab".repeat(32)).orElseThrow()));
        Side b = b("b-cert");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.trust().refusals() >= 2);
        heartbeatFrom(b, "b");

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> a.heard().heartbeats.isEmpty());
        assertThat(a.trust().status().getString("refusal")).contains("partner-fingerprint");
        assertThat(a.trust().status().getString("trust")).isEqualTo("configured");
        assertThat(a.trust().accept(Fingerprint.parse(fingerprint(b)).orElseThrow())).get().asString()
                .contains("add " + fingerprint(b) + " to partner-fingerprint");
        assertThat(Files.exists(dir.resolve("a-data/partner-pin.json"))).isFalse();
    }

    @Test
    void connectionProvingTheSecretWithoutCertificateIsRefusedOnceThePartnerHasPresentedOne() throws Exception {
        Side a = a(List.of());
        Side b = b("b-cert");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.link().stats().incomingUp() && b.link().stats().outgoingUp());
        long before = a.trust().refusals();

        try (TlsPeerClient noCertificate = TlsPeerClient.connect(B, A, portA)) {
            assertThatThrownBy(() -> noCertificate.handshake(SECRET, null)).hasMessageContaining("refused");
        }

        assertThat(a.trust().refusals()).isEqualTo(before + 1);
        assertThat(a.link().stats().lastRefusal()).contains("presents no certificate");
    }
}
