package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.awaitility.core.ThrowingRunnable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * Health levels and sync lag on a real pair. The master's disk-free warning threshold is 100 %, so its disk input is
 * a Warning from the start. The slave, frozen with SIGSTOP, cannot acknowledge a change: the master's sync lag rises
 * past sync-lag-warning (2 s here), then clears once the slave is woken. The master's data directory made immutable
 * ({@code chattr +i}: no file can be created in it, not even by root, as on a file system remounted read-only) is
 * Critical: the slave takes over, and the master takes the traffic back under prefer-master once it is writable
 * again. A virtual-service certificate that expires in 10 days is a Warning on both nodes. The web UI's top bar
 * shows the Warnings, the Home page each input. Needs root and a file system with
 * immutable files (ext4, xfs, btrfs, tmpfs), as run-tests has.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthLevelsTest {

    // Each input is measured every second, and the sync lag warns from 2 s on: the test waits seconds, not minutes.
    private static final String[] BOTH = {"--health-check-interval", "1s", "--sync-lag-warning", "2s",
            // A busy CI host's memory must not make a node hand over in a test about other inputs.
            "--health-memory-available-critical", "0"};
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(183);
    static NodePair pair;
    static Path masterData;
    // Started beside the pair; logged in to the master from the first test on, the later ones look at its top bar.
    static CompletableFuture<Browser> browserStarting;
    static Browser browser;

    @BeforeAll
    static void start() {
        browserStarting = CompletableFuture.supplyAsync(() -> {
            try {
                return new Browser();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        NodeOptions master = fixtures.masterOptions("prefer-master", BOTH).with("--health-disk-free-warning", "100");
        // The slave's disk is never a Warning, whatever this machine's disk has free.
        NodeOptions slave = fixtures.slaveOptions("prefer-master", BOTH).with("--health-disk-free-warning", "0",
                "--health-disk-free-critical", "0");
        pair = fixtures.pairOf("prefer-master", master, slave);
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
        masterData = pair.master().dataDir();
    }

    @AfterAll
    static void closeBrowser() {
        browserStarting.thenAccept(Browser::close).exceptionally(e -> null).join();
    }

    @Test
    @Order(1)
    void aWarningShowsInStatusMetricsAndTheTopBarAndTheNodeKeepsTheTraffic() throws Exception {
        HaNodeProcess master = pair.master();
        // Stored first: it reaches the slave and both nodes' next checks while the rest is asserted.
        HttpOnce.Answer stored = master.api("PUT", "/api/v1/vs-certificates/soon", certificateExpiringIn(10), null);
        assertThat(stored.code()).as(stored.body()).isIn(200, 201);
        await("the master's disk input is a Warning").atMost(WITHIN).until(() ->
                "warning".equals(input(master.status(), "disk").path("level").asText()));

        JsonNode status = master.status();
        JsonNode disk = input(status, "disk");
        assertThat(status.path("health").path("level").asText()).isEqualTo("warning");
        assertThat(disk.path("value").asText()).contains("% free (");
        assertThat(disk.path("why").asText()).isEqualTo("below health-disk-free-warning 100.0%");
        assertThat(status.path("healthy").asBoolean()).as("a Warning leaves the node healthy").isTrue();
        assertThat(master.healthCode()).isEqualTo(200);
        assertThat(metric(master, "hanode_health_level")).isEqualTo(1.0);
        assertThat(metric(master, "hanode_health_input_level{input=\"disk\"}")).isEqualTo(1.0);
        assertThat(metric(master, "hanode_health_input_level{input=\"data-directory\"}")).isEqualTo(0.0);
        assertThat(events(master)).anyMatch(m -> m.startsWith("disk is warning: "));
        assertThat(input(pair.slave().status(), "disk").path("level").asText()).isEqualTo("normal");

        browser = browserStarting.get(Patience.SETTLE.toSeconds(), TimeUnit.SECONDS);
        browser.logIn("https://" + master.address() + ":" + master.options().apiPort() + "/ui/login.html",
                master.options().password());
        browser.waitForText(By.id("top-health"), "Health: warning (", WITHIN);
        rendered(() -> {
            WebElement top = browser.driver.findElement(By.id("top-health"));
            assertThat(top.getText()).startsWith("Health: warning (").contains("disk");
            assertThat(top.getAttribute("data-level")).isEqualTo("warning");
            assertThat(top.getAttribute("title")).contains("disk: ", "below health-disk-free-warning 100.0%");
            WebElement diskRow = browser.driver.findElement(By.cssSelector("#health-inputs tr[data-input=\"disk\"]"));
            assertThat(diskRow.getText()).contains("Warning", "% free (", "below health-disk-free-warning 100.0%");
            assertThat(browser.driver.findElement(By.id("health-level")).getText()).isEqualTo("Warning");
        });

        for (HaNodeProcess node : pair.nodes()) {
            await(node.name() + "'s virtual-service certificates are a Warning").atMost(WITHIN).until(() ->
                    "warning".equals(input(node.status(), "vs-certificates").path("level").asText()));
            assertThat(input(node.status(), "vs-certificates").path("value").asText())
                    .isEqualTo("1 stored; soon expires first, in 9 day(s)");
        }
    }

    @Test
    @Order(2)
    void syncLagRisesPastItsWarningWhileThePartnerCannotTakeChangesAndClearsOnceItCan() throws Exception {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        signal("-STOP", slave);
        try {
            HttpOnce.Answer put = master.api("PUT", "/api/v1/wui", "{\"sessionTimeoutSeconds\":1234}", null);
            assertThat(put.code()).as(put.body()).isIn(200, 201);
            await("the sync state is warning").atMost(WITHIN).until(() ->
                    "warning".equals(master.apiJson("/api/v1/sync/status").path("state").asText()));
            JsonNode sync = master.apiJson("/api/v1/sync/status");
            assertThat(sync.path("syncLagSeconds").asDouble()).isGreaterThanOrEqualTo(2.0);
            assertThat(sync.path("pendingChanges").asInt() + sync.path("unsentChanges").asInt()).isEqualTo(1);
            assertThat(metric(master, "hanode_sync_lag_seconds")).isGreaterThanOrEqualTo(2.0);
            assertThat(metric(master, "hanode_sync_pending_changes") + metric(master, "hanode_sync_unsent_changes"))
                    .isEqualTo(1.0);
            await("the event log says the sync lags").atMost(WITHIN).until(() ->
                    events(master).stream().anyMatch(m -> m.startsWith("sync-lag is warning: ")));
            assertThat(input(master.status(), "sync-lag").path("level").asText()).isEqualTo("warning");
            browser.waitForText(By.id("top-sync"), "Sync: warning (partner ", WITHIN);
            rendered(() -> {
                WebElement top = browser.driver.findElement(By.id("top-sync"));
                assertThat(top.getAttribute("data-state")).isEqualTo("warning");
                assertThat(top.getText()).matches("Sync: warning \\(partner [0-9]+ s behind, 1 changes\\)");
            });
            browser.screenshot("top-bar-sync-and-health-warning");
        } finally {
            signal("-CONT", slave);
        }

        await("the partner caught up").atMost(Patience.SETTLE).until(() ->
                "in sync".equals(master.apiJson("/api/v1/sync/status").path("state").asText()));
        assertThat(metric(master, "hanode_sync_lag_seconds")).isZero();
        assertThat(slave.apiJson("/api/v1/wui").path("sessionTimeoutSeconds").asInt()).isEqualTo(1234);
        await("the event log says the lag ended").atMost(WITHIN).until(() ->
                events(master).stream().anyMatch(m -> m.startsWith("sync-lag is normal again (was warning): ")));
    }

    @Test
    @Order(3)
    void aCriticalInputOnTheActiveNodeHandsTheTrafficToThePartnerUntilItClears() throws Exception {
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        await("the pair is settled with the master active").atMost(Patience.SETTLE)
                .until(() -> pair.settledWith(master));
        run(List.of("chattr", "+i", masterData.toString()));
        try {
            await("the slave takes over").atMost(WITHIN).until(() -> slave.healthCode() == 200
                    && master.healthCode() == 503);
            JsonNode status = master.status();
            assertThat(status.path("healthy").asBoolean()).isFalse();
            assertThat(status.path("health").path("level").asText()).isEqualTo("critical");
            assertThat(input(status, "data-directory").path("why").asText()).contains(masterData + " is not writable");
            assertThat(status.path("healthDetail").asText()).startsWith("data-directory: not writable");
            assertThat(metric(master, "hanode_health_level")).isEqualTo(2.0);
            assertThat(events(master)).anyMatch(m -> m.startsWith("data-directory is critical: "));
        } finally {
            run(List.of("chattr", "-i", masterData.toString()));
        }

        await("the master takes the traffic back").atMost(Patience.SETTLE).until(() -> pair.settledWith(master));
        assertThat(master.status().path("health").path("level").asText()).as("the disk's Warning remains")
                .isEqualTo("warning");
        assertThat(events(master)).anyMatch(m -> m.startsWith("data-directory is normal again (was critical): "));
    }

    /** Asserts on the page as rendered; the page renders again at each status poll, so once more then. */
    private static void rendered(ThrowingRunnable assertions) {
        await().atMost(WITHIN).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(assertions);
    }

    private static JsonNode input(JsonNode status, String name) {
        return StreamSupport.stream(status.path("health").path("inputs").spliterator(), false)
                .filter(i -> i.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no health input " + name + " in " + status.path("health")));
    }

    private static List<String> events(HaNodeProcess node) {
        return StreamSupport.stream(node.status().path("events").spliterator(), false)
                .map(e -> e.path("message").asText()).toList();
    }

    /** A vs-certificates document whose self-signed certificate expires in {@code days} days. */
    private static String certificateExpiringIn(int days) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=soon.example");
        Instant now = Instant.now();
        X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(days))), name,
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        return new ObjectMapper().createObjectNode().put("name", "soon").put("certificateChain", pem(certificate))
                .put("privateKey", pem(keys.getPrivate())).toString();
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** One series of the node's /metrics, by its name and labels as Prometheus writes them. */
    private static double metric(HaNodeProcess node, String series) {
        HttpOnce.Answer metrics = node.api("GET", "/metrics");
        assertThat(metrics.code()).as(metrics.body()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics.body());
        assertThat(m.find()).as(series + " in\n" + metrics.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void signal(String signal, HaNodeProcess node) throws Exception {
        run(List.of("kill", signal, Long.toString(node.pid())));
    }

    private static void run(List<String> line) throws Exception {
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", line)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(String.join(" ", line) + ": " + output).isZero();
    }
}
