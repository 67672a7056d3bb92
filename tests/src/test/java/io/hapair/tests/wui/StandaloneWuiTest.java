package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI of a node with HA off (ha-mode none, no partner) in headless Chromium, as an operator
 * first meets it: the login page of a first visit, the Home page of a node that no balancer has
 * probed yet, and the side navigation at the tests' window size (1280 x 800).
 */
class StandaloneWuiTest {

    private static final Duration LIVE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(57);

    private static NodeOptions options;
    private static HaNodeProcess node;
    private static Browser browser;
    private static boolean loggedIn;

    @BeforeAll
    static void startStandaloneNode() throws Exception {
        options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null);
        node = fixtures.node(options);
        assertThat(node.status().path("partner").isMissingNode()).as("a standalone node reports no partner").isTrue();
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aFirstVisitShowsTheLoginPageWithoutSayingASessionEnded() throws Exception {
        try (Browser fresh = new Browser()) {
            fresh.open(ui("index.html"));
            fresh.waitFor(By.id("login-form"));
            assertThat(fresh.driver.findElement(By.id("login-message")).isDisplayed()).isFalse();
            assertThat(fresh.driver.findElement(By.tagName("body")).getText()).doesNotContain("session has ended");
        }
    }

    @Test
    void aSessionThatEndsWhileAPageIsOpenSaysSoOnTheLoginPage() throws Exception {
        try (Browser fresh = new Browser()) {
            fresh.logIn(ui("login.html"), options.password());
            fresh.waitFor(By.id("top-state"));
            // As if it timed out or was logged out elsewhere: the page's next poll is refused.
            fresh.driver.manage().deleteCookieNamed("hapair_session");
            fresh.waitForText(By.id("login-message"), "Your session has ended", LIVE);
        }
    }

    @Test
    void aPageWhoseFirstRequestFailsOrHangsSaysTheNodeCannotBeReachedAndFillsInOnceItAnswers() throws Exception {
        try (Browser fresh = new Browser()) {
            fresh.logIn(ui("login.html"), options.password());
            fresh.waitFor(By.id("top-state"));
            fresh.driver.executeCdpCommand("Network.enable", Map.of());

            // As a connection that fails while the node restarts: the page loads, its first request gets no answer.
            fresh.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/ui/session")));
            fresh.open(ui("index.html"));
            fresh.waitForText(By.id("flash"), "cannot reach this node", LIVE);
            fresh.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            fresh.waitForText(By.id("nodes"), "HA is off", LIVE);
            assertThat(fresh.driver.findElements(By.id("flash"))).as("the message that the node cannot be reached").isEmpty();

            // As a connection that stalls: the page's first request is held, unanswered, until the test lets go.
            fresh.driver.executeCdpCommand("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern",
                    "*/ui/session"))));
            fresh.open(ui("index.html"));
            fresh.waitForText(By.id("flash"), "cannot reach this node", LIVE);
            fresh.driver.executeCdpCommand("Fetch.disable", Map.of());
            fresh.waitForText(By.id("nodes"), "HA is off", LIVE);
        }
    }

    @Test
    void homeOfANodeNoBalancerHasProbedSaysTheLastProbeWasNever() throws Exception {
        home();
        assertThat(row("This node", "Balancer probes")).isEqualTo("0, last never");
        browser.screenshot("home-standalone");
    }

    @Test
    void homeOfAStandaloneNodeOffersNeitherSwitchOverNorSyncNow() {
        home();
        assertThat(browser.driver.findElement(By.id("switchover")).isDisplayed()).as("Switch over").isFalse();
        assertThat(browser.driver.findElement(By.id("sync-now")).isDisplayed()).as("Sync now").isFalse();
    }

    @Test
    void theEventLogWordsTheStartOfAStandaloneNodeWithoutAPartnerToWaitFor() {
        home();
        String start = browser.driver.findElement(By.xpath("//table[@id='events']//tr[td[2]='start']/td[3]")).getText();
        assertThat(start).contains("no partner").doesNotContain("503").doesNotContain("hears its partner");
    }

    @Test
    void aStoredSingleSettingIsDeletedFromItsFormAfterAQuestionThatSaysWhatDeletingDoes() throws Exception {
        loggedIn();
        browser.open(ui("local.html"));
        WebElement form = browser.waitFor(By.cssSelector("form[aria-label='Domain']"));
        form.findElement(By.cssSelector("input[data-field='name']")).sendKeys("lab.example");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        browser.waitForText(By.id("flash"), "Saved domain", LIVE);
        assertThat(node.api("GET", "/api/v1/domain").body()).contains("lab.example");

        form.findElement(By.xpath(".//button[text()='Delete domain']")).click();
        String question = browser.acceptConfirm();

        assertThat(question).isEqualTo("Delete the domain setting? The node no longer sets it; the host keeps what it"
                + " has now.");
        browser.waitForText(By.id("flash"), "Deleted the domain setting", LIVE);
        assertThat(node.api("GET", "/api/v1/domain").code()).isEqualTo(404);
        assertThat(form.findElement(By.cssSelector("input[data-field='name']")).getAttribute("value")).isEmpty();
        assertThat(form.findElement(By.xpath(".//button[text()='Delete domain']")).isDisplayed()).isFalse();
    }

    @Test
    void everySideNavigationLabelFitsOnOneLineAlsoWhenItIsTheCurrentPage() {
        loggedIn();
        for (String page : List.of("index.html", "ha-params.html", "local.html")) {
            browser.open(ui(page));
            browser.waitFor(By.cssSelector("nav.sidenav a[aria-current='page']"));
            Map<String, Integer> heights = new LinkedHashMap<>();
            browser.driver.findElements(By.cssSelector("nav.sidenav a"))
                    .forEach(a -> heights.put(a.getText(), a.getSize().getHeight()));
            assertThat(heights).containsKey("Cloud HA Parameters");
            assertThat(heights).as("heights of the side navigation's links on " + page + "; Home is one line")
                    .allSatisfy((label, height) -> assertThat(height).as(label).isEqualTo(heights.get("Home")));
        }
    }

    /** Home, once the first status has been drawn. */
    private static void home() {
        loggedIn();
        browser.open(ui("index.html"));
        browser.waitForText(By.id("nodes"), "HA is off", LIVE);
    }

    private static void loggedIn() {
        if (!loggedIn) {
            browser.logIn(ui("login.html"), options.password());
            browser.waitFor(By.id("top-state"));
            loggedIn = true;
        }
    }

    private static String row(String card, String label) {
        return browser.driver.findElement(By.xpath("//section[@aria-label='" + card + "']//dt[text()='" + label
                + "']/following-sibling::dd[1]")).getText();
    }

    private static String ui(String page) {
        return "https://" + options.address() + ":" + options.apiPort() + "/ui/" + page;
    }
}
