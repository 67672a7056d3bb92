package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Chronyd;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The Home page shows this node's clock as status carries it: a clock synchronised to a real NTP server (a chronyd of
 * the test) with its source and stratum, and a clock that is not synchronised, or that chrony cannot tell about, as a
 * warning with the reason. Every chronyd runs with -x (never the host's clock), as in host/NtpServersTest.
 */
class ClockPanelTest {

    // iburst has a chronyd synchronised within seconds.
    private static final Duration CLOCK = Duration.ofSeconds(120);
    // The node's clock checks, more often than the default 30 s: the page shows what each check found.
    private static final String CHECK_EVERY = "2s";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(173);

    @Test
    void aSynchronisedClockIsShownWithItsSourceAndStratum() throws Exception {
        String serverAddress = fixtures.nextAddress();
        fixtures.track(Chronyd.server(fixtures.workDir().resolve("ntp-server"), serverAddress));
        Chronyd hostChrony = fixtures.track(Chronyd.client(fixtures.workDir().resolve("host-chrony")));
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--chrony-sources-file", hostChrony.sourcesDir().resolve("hanode.sources").toString(),
                        "--chrony-socket", hostChrony.socket().toString(), "--clock-check-interval", CHECK_EVERY);
        HaNodeProcess node = fixtures.node(options);
        HttpOnce.Answer stored = node.api("PUT", "/api/v1/ntp-servers/" + serverAddress,
                "{\"host\":\"" + serverAddress + "\",\"prefer\":true}", null);
        assertThat(stored.code()).as(stored.body()).isIn(200, 201);
        await("the node's clock synchronised to the server").atMost(CLOCK).until(() ->
                node.status().path("clock").path("synchronised").asBoolean());

        try (Browser browser = new Browser()) {
            browser.logIn(home(options, "login.html"), options.password());
            browser.waitForText(By.id("home-clock"), "Synchronised to " + serverAddress, Duration.ofSeconds(15));
            rendered(() -> {
                WebElement clock = browser.driver.findElement(By.id("home-clock"));
                assertThat(clock.getAttribute("data-synchronised")).isEqualTo("true");
                assertThat(clock.getAttribute("class")).isEqualTo("ok");
                assertThat(clock.getText()).as("the server's stratum 8, plus one")
                        .startsWith("Synchronised to " + serverAddress + " (stratum 9), ")
                        .containsPattern("[0-9.]+ (µs|ms) (behind|ahead of) NTP time; checked [0-9]+ s ago");
                assertThat(browser.driver.findElements(By.id("home-clock-error"))).isEmpty();
            });
            browser.screenshot("home-clock-synchronised");
        }
    }

    @Test
    void aClockChronyCannotTellAboutIsAWarningWithTheReason() throws Exception {
        // No chronyd behind the node's chrony-socket (NodeOptions' default): the clock is unknown, not synchronised.
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--clock-check-interval", CHECK_EVERY);
        HaNodeProcess node = fixtures.node(options);
        JsonNode clock = await("the node's first check of its clock").atMost(CLOCK)
                .until(() -> node.status().path("clock"), c -> c.path("checkedAt").isNumber());
        assertThat(clock.path("synchronised").asBoolean()).isFalse();
        String lastError = clock.path("lastError").asText();
        assertThat(lastError).contains("Could not open connection to daemon");

        try (Browser browser = new Browser()) {
            browser.logIn(home(options, "login.html"), options.password());
            browser.waitFor(By.id("home-clock"));
            rendered(() -> {
                WebElement shown = browser.driver.findElement(By.id("home-clock"));
                assertThat(shown.getAttribute("data-synchronised")).isEqualTo("false");
                assertThat(shown.getAttribute("class")).as("shown as a warning").isEqualTo("warn");
                assertThat(shown.getCssValue("color")).as("the warning colour, --warn #a15c00")
                        .isEqualTo("rgba(161, 92, 0, 1)");
                assertThat(shown.getText()).startsWith("Not synchronised (checked ")
                        .contains("check the NTP servers (/api/v1/ntp-servers)");
                assertThat(browser.driver.findElement(By.id("home-clock-error")).getText()).isEqualTo(lastError);
            });
            browser.screenshot("home-clock-unknown");
        }
    }

    /** Asserts on the page as rendered; the page renders the card again at each status poll, so once more then. */
    private static void rendered(ThrowingRunnable assertions) {
        await().atMost(Duration.ofSeconds(15)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(assertions);
    }

    private static String home(NodeOptions options, String page) {
        return "https://" + options.address() + ":" + options.apiPort() + "/ui/" + page;
    }
}
