package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Trusted pairing and a partner given by name, on a real pair. The slave knows the master only by a DNS
 * name, which resolves through a hosts file of the test: the slave runs in a mount namespace of its own
 * ({@code unshare}) with that file bind-mounted over /etc/hosts, so this machine's own file is never
 * touched. Needs root, as run-tests has. The HA page shows the fingerprints and takes the operator's acceptance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustedPairingTest {

    private static final String MASTER_NAME = "master18.pair.test";
    private static final Duration LIVE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(187);
    static NodeOptions slaveOptions;
    static NodePair pair;

    @BeforeAll
    static void startPair() throws Exception {
        NodeOptions master = fixtures.masterOptions("prefer-master");
        // The machine's own hosts file, and the master's name: with "localhost" only, the slave's own host name (which
        // its logging looks up) would go to the machine's DNS server, off the machine.
        Path hosts = Files.writeString(fixtures.workDir().resolve("hosts"), Files.readString(Path.of("/etc/hosts"))
                + "\n" + master.address() + " " + MASTER_NAME + "\n");
        slaveOptions = fixtures.slaveOptions("prefer-master").with("--partner", MASTER_NAME)
                // unshare and sh exec the next program: the JVM keeps the pid the fixture signals.
                .withLauncher(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                        "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString()));
        pair = fixtures.pairOf("prefer-master", master, slaveOptions);
    }

    private static JsonNode pairing(HaNodeProcess node) {
        return node.status().path("pairing");
    }

    private static String own(HaNodeProcess node) {
        return pairing(node).path("ownFingerprint").asText();
    }

    @Test
    @Order(1)
    void pairPinsEachOthersCertificateOnFirstContactAndTheSlaveReachesTheMasterByName() {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();

        JsonNode masterPairing = pairing(master);
        assertThat(masterPairing.path("trust").asText()).isEqualTo("pinned");
        assertThat(masterPairing.path("source").asText()).isEqualTo("first-contact");
        assertThat(masterPairing.path("pinned").asText()).isEqualTo(own(slave)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(masterPairing.path("warning").asText()).contains(own(slave));
        assertThat(pairing(slave).path("pinned").asText()).isEqualTo(own(master));
        assertThat(master.apiJson("/api/v1/pairing").path("ownFingerprint").asText()).isEqualTo(own(master));
        assertThat(master.dataDir().resolve("partner-pin.json")).content().contains(own(slave));
        assertThat(master.logOfThisRun()).contains("pairing: pinned the partner's certificate " + own(slave));

        JsonNode partner = slave.status().path("partner");
        assertThat(partner.path("dnsName").asText()).isEqualTo(MASTER_NAME);
        assertThat(partner.path("address").asText()).isEqualTo(master.address());
        assertThat(partner.path("liveness").asText()).isEqualTo("alive");
    }

    @Test
    @Order(2)
    void partnerWithANewCertificateIsRefusedUntilAcceptedThroughTheApiThenSyncsAgain() throws Exception {
        HaNodeProcess master = pair.master();
        HaNodeProcess old = pair.slave();
        String oldFingerprint = own(old);
        old.crash();
        // Its certificate is made anew at the next start; its pin of the master stays.
        Files.delete(old.certificate());
        Files.delete(old.dataDir().resolve("node-key.pem"));

        HaNodeProcess renewed = fixtures.node(slaveOptions);
        String renewedFingerprint = own(renewed);
        assertThat(renewedFingerprint).isNotEqualTo(oldFingerprint);
        await("the master refuses the new certificate").atMost(Patience.SETTLE).ignoreExceptions().untilAsserted(() ->
                assertThat(pairing(master).path("refusedFingerprint").asText()).isEqualTo(renewedFingerprint));
        JsonNode refused = master.status();
        assertThat(refused.path("pairing").path("refusal").asText()).contains("not the pinned " + oldFingerprint);
        assertThat(refused.path("peerLink").path("lastRefusal").asText()).contains(renewedFingerprint);
        assertThat(refused.path("partner").path("liveness").asText()).isNotEqualTo("alive");
        assertThat(master.api("GET", "/metrics").body()).containsPattern("hanode_partner_certificate_refused_total [1-9]");

        HttpOnce.Answer notAFingerprint = master.api("POST", "/api/v1/pairing/accept", "{\"fingerprint\": \"AB:CD\"}", null);
        assertThat(notAFingerprint.code()).isEqualTo(400);
        assertThat(notAFingerprint.body()).contains("\"field\":\"fingerprint\"");

        // The operator sees the refusal on the HA page and accepts the certificate there (POST /api/v1/pairing/accept).
        try (Browser browser = new Browser()) {
            String ui = "https://" + master.address() + ":" + master.options().apiPort() + "/ui/";
            browser.logIn(ui + "login.html", master.options().password());
            browser.waitFor(By.id("top-state"));
            browser.open(ui + "ha-params.html");
            browser.waitForText(By.cssSelector("#pairing [data-pairing='own']"), own(master), LIVE);
            browser.waitForText(By.cssSelector("#pairing [data-pairing='refused']"), renewedFingerprint, LIVE);
            browser.screenshot("pairing-refused");
            browser.waitFor(By.id("pairing-accept")).click();
            browser.acceptConfirm();
            browser.waitForText(By.cssSelector("#pairing [data-pairing='partner']"), renewedFingerprint, LIVE);
        }

        NodePair now = pair.with(renewed);
        now.awaitSettledWith(master, Patience.SETTLE);
        assertThat(pairing(master).path("pinned").asText()).isEqualTo(renewedFingerprint);
        assertThat(pairing(master).path("source").asText()).isEqualTo("operator");
        assertThat(pairing(master).path("refusedFingerprint").isNull()).isTrue();
        HttpOnce.Answer write = master.api("PUT", "/api/v1/wui", "{\"sessionTimeoutSeconds\": 1234}", null);
        assertThat(write.code()).as(write.body()).isIn(200, 201);
        await("the change reaches the renewed slave").atMost(Patience.SETTLE).ignoreExceptions().untilAsserted(() ->
                assertThat(renewed.apiJson("/api/v1/wui").findPath("sessionTimeoutSeconds").asInt()).isEqualTo(1234));
    }

    @Test
    @Order(3)
    void partnerFingerprintThatDoesNotMatchIsRefusedFromTheStartAndAStrangersAddressStillIsToo() {
        HaNodeProcess master = pair.master();
        String stranger = fixtures.nextAddress();
        String wrong = "AB:".repeat(31) + "AB";
        HaNodeProcess pinned = fixtures.node(NodeOptions.of("pinned", "slave", "prefer-master", stranger, master.address())
                .with("--partner-fingerprint", wrong));

        await("the configured fingerprint refuses the master").atMost(Patience.SETTLE).ignoreExceptions()
                .untilAsserted(() -> assertThat(pairing(pinned).path("refusal").asText())
                        .contains("partner presented certificate " + own(master), "partner-fingerprint (" + wrong + ")"));
        JsonNode status = pinned.status();
        assertThat(status.path("pairing").path("trust").asText()).isEqualTo("configured");
        assertThat(status.path("partner").path("liveness").asText()).isNotEqualTo("alive");
        assertThat(pinned.dataDir().resolve("partner-pin.json")).doesNotExist();
        await("the master refuses the stranger by its address").atMost(Patience.SETTLE).ignoreExceptions()
                .untilAsserted(() -> assertThat(master.status().path("peerLink").path("lastRefusal").asText())
                        .contains(stranger, "not the configured partner"));
    }
}
