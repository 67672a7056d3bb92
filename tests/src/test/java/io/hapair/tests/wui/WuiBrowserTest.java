package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.Patience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in headless Chromium against a real master/slave pair on 127.0.9.1 and 127.0.9.2. The
 * tests share the pair and run in the order an operator meets it: unconnected, then probed by a
 * balancer, then switched over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WuiBrowserTest {

    private static final Duration LIVE = Duration.ofSeconds(20);
    private static WuiNode node1;
    private static WuiNode node2;
    private static BalancerProbes balancer;
    private static Browser browser1;
    private static Browser browser2;

    @BeforeAll
    static void startPair() throws Exception {
        Path dir = Files.createTempDirectory("wui-pair");
        node1 = new WuiNode("node-1", "master", "127.0.9.1", "127.0.9.2", dir.resolve("node-1"));
        // As behind a balancer whose NAT rule 8441 leads to node 1: the standby's link goes there.
        node2 = new WuiNode("node-2", "slave", "127.0.9.2", "127.0.9.1", dir.resolve("node-2"),
                "--partner-ui-url", "https://127.0.9.10:8441");
        node1.start();
        node2.start();
        node1.awaitStarted(Patience.START);
        node2.awaitStarted(Patience.START);
        browser1 = new Browser();
        browser2 = new Browser();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        for (Browser b : new Browser[] {browser1, browser2}) {
            if (b != null) {
                b.close();
            }
        }
        node1.kill();
        node2.kill();
    }

    @Test
    @Order(1)
    void topBarShowsUnconnectedBeforeAnyBalancerProbe() throws Exception {
        loggedIn(browser1, node1);
        loggedIn(browser2, node2);
        browser1.waitForText(By.id("top-state"), "Master Unconnected", LIVE);
        browser2.waitForText(By.id("top-state"), "Slave Unconnected", LIVE);
        assertThat(browser1.driver.findElement(By.id("top-node")).getText()).isEqualTo("node-1");
    }

    @Test
    @Order(2)
    void fieldErrorIsShownNextToThePortThenTheServiceReachesThePartner() throws Exception {
        browser1.open(node1.url("virtual-services.html"));
        browser1.waitFor(By.xpath("//button[text()='New virtual service']")).click();
        fill(browser1, Map.of("name", "web", "address", "10.0.1.100", "port", "70000"));
        browser1.driver.findElement(By.xpath("//button[text()='Add real server']")).click();
        // Silent loopback: both nodes' HAProxy health-check the real server, and a check must not leave the machine.
        fill(browser1, Map.of("realServers[0].address", Fixtures.SILENT_ADDRESS,
                "realServers[0].port", Integer.toString(Fixtures.SILENT_PORT)));
        browser1.driver.findElement(By.xpath("//button[text()='Create']")).click();

        WebElement error = browser1.waitFor(By.cssSelector("[data-field='port'] ~ .field-error"));
        assertThat(error.getText()).contains("70000").contains("1 to 65535");
        assertThat(field(browser1, "port").getAttribute("aria-invalid")).isEqualTo("true");
        browser1.screenshot("virtual-service-field-error");

        field(browser1, "port").clear();
        field(browser1, "port").sendKeys("443");
        browser1.driver.findElement(By.xpath("//button[text()='Create']")).click();
        browser1.waitFor(By.cssSelector("tr[data-id='web']"));

        browser2.open(node2.url("virtual-services.html"));
        browser2.waitForText(By.id("collection"), Fixtures.SILENT_ADDRESS + ":" + Fixtures.SILENT_PORT, LIVE);
    }

    @Test
    @Order(3)
    void withBalancerProbesTheMasterIsActiveAndTheSlaveStandby() throws Exception {
        balancer = new BalancerProbes(List.of(node1.address, node2.address));
        browser1.open(node1.url("index.html"));
        browser1.waitForText(By.id("top-state"), "Master (Active)", LIVE);
        browser2.open(node2.url("index.html"));
        browser2.waitForText(By.id("top-state"), "Slave (Standby)", LIVE);
        browser1.waitForText(By.id("nodes"), "Slave (Standby)", LIVE);
        browser1.screenshot("home-master-active");
        browser2.waitForText(By.id("nodes"), "Master (Active)", LIVE);
        browser2.screenshot("home-slave-standby");
    }

    @Test
    @Order(4)
    void onTheStandbyVirtualServicesShowsItsDataPlaneAndLinksToTheActiveNodeForTheSettings() throws Exception {
        browser2.open(node2.url("virtual-services.html"));
        WebElement notice = browser2.waitFor(By.id("standby-notice"));
        assertThat(notice.getText()).contains("standby: local administration only");
        assertThat(browser2.driver.findElement(By.id("active-node-link")).getAttribute("href"))
                .isEqualTo("https://127.0.9.10:8441/ui/virtual-services.html");
        assertThat(browser2.driver.findElement(By.id("collection")).isDisplayed()).as("the synced settings").isFalse();
        assertThat(browser2.driver.findElement(By.id("data-plane")).isDisplayed()).as("this node's own data plane").isTrue();
        browser2.screenshot("standby-virtual-services");

        browser2.open(node2.url("local.html"));
        browser2.waitForText(By.id("diagnostics-list"), "opened in", LIVE);
        assertThat(browser2.driver.findElements(By.id("standby-notice"))).isEmpty();
    }

    @Test
    @Order(5)
    void switchoverFromTheUiChangesBothTopBarsWithoutReload() {
        browser1.open(node1.url("index.html"));
        browser2.open(node2.url("index.html"));
        browser2.waitForText(By.id("top-state"), "Slave (Standby)", LIVE);
        browser1.waitFor(By.id("switchover")).click();
        browser1.acceptConfirm();
        browser1.waitForText(By.id("top-state"), "Master (Standby)", LIVE);
        browser2.waitForText(By.id("top-state"), "Slave (Active)", LIVE);
    }

    @Test
    @Order(6)
    void aForgedPostWithoutTheCsrfTokenIsRefused() {
        browser2.open(node2.url("index.html"));
        browser2.waitFor(By.id("top-state"));
        Object answer = browser2.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/sync/now', {method: 'POST', credentials: 'include'})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t)));");
        assertThat(answer.toString()).startsWith("403").contains("CSRF token");
    }

    @Test
    @Order(7)
    void aWrongPasswordSaysSoAndOpensNoSession() {
        try (Browser fresh = newBrowser()) {
            fresh.logIn(node1, "not-the-password");
            fresh.waitForText(By.id("login-message"), "Wrong user or password.", LIVE);
            assertThat(fresh.driver.manage().getCookieNamed("hapair_session")).isNull();
            fresh.open(node1.url("index.html"));
            fresh.waitFor(By.id("login-form"));
        }
    }

    @Test
    @Order(8)
    void repeatedWrongPasswordsAreRateLimitedWithAClearMessage() {
        try (Browser fresh = newBrowser()) {
            for (int i = 0; i < 5; i++) {
                fresh.logIn(node2, "guess-" + i);
                fresh.waitForText(By.id("login-message"), "Wrong user or password.", LIVE);
            }
            fresh.logIn(node2, WuiNode.PASSWORD);
            fresh.waitForText(By.id("login-message"), "Too many failed logins", LIVE);
            assertThat(fresh.driver.findElement(By.id("login-message")).getText()).contains("seconds and try again");
        }
    }

    @Test
    @Order(9)
    void theGeoPageShowsHowSharingWithANewGeoPartnerWent() throws Exception {
        browser2.open(node2.url("geo.html"));
        browser2.waitForText(By.id("partner-sync-sending"), "This node is active", LIVE);
        browser2.waitFor(By.xpath("//button[text()='New GEO partner']")).click();
        browser2.waitFor(By.cssSelector("#partners [data-field='address']")).sendKeys("127.0.9.99");
        browser2.driver.findElement(By.xpath("//div[@id='partners']//button[text()='Create']")).click();

        browser2.waitForText(By.id("partner-sync-rows"), "127.0.9.99", LIVE);
        browser2.waitForText(By.id("partner-sync-rows"), "failed", LIVE);
        browser2.screenshot("geo-partner-sync");
    }

    @Test
    @Order(10)
    void aClusterWithAnHttpCheckMadeOnTheGeoPageShowsDownUnderClusterHealthWhenNothingAnswers() throws Exception {
        browser2.open(node2.url("geo.html"));
        browser2.waitFor(By.xpath("//button[text()='New cluster']")).click();
        browser2.waitFor(By.cssSelector("#clusters [data-field='name']")).sendKeys("eu-west");
        browser2.driver.findElement(By.cssSelector("#clusters [data-field='address']")).sendKeys("127.0.9.98");
        new Select(browser2.driver.findElement(By.cssSelector("#clusters [data-field='check.type']")))
                .selectByVisibleText("http");
        browser2.driver.findElement(By.cssSelector("#clusters [data-field='check.port']")).sendKeys("8080");
        browser2.driver.findElement(By.xpath("//div[@id='clusters']//button[text()='Create']")).click();

        browser2.waitFor(By.cssSelector("#clusters tr[data-id='eu-west']"));
        assertThat(browser2.driver.findElement(By.cssSelector("#clusters tr[data-id='eu-west']")).getText())
                .contains("http :8080 / expects 200");
        browser2.waitForText(By.id("cluster-health-rows"), "eu-west", LIVE);
        browser2.waitForText(By.id("cluster-health-rows"), "down", LIVE);
        assertThat(browser2.driver.findElement(By.id("cluster-health-rows")).getText())
                .contains("GET http://127.0.9.98:8080/");
        browser2.screenshot("geo-cluster-health");
    }

    @Test
    @Order(11)
    void aDeadPartnersHealthIsShownAsUnknownNotAsItsLastReport() throws Exception {
        browser2.open(node2.url("index.html"));
        browser2.waitForText(By.id("nodes"), "Master (Standby)", LIVE);
        // The page renders the nodes anew at every status poll: a row read as it is replaced is read again.
        await("the partner's health shown as healthy").atMost(LIVE).ignoreException(StaleElementReferenceException.class)
                .until(() -> partnerRow("Health"), "healthy"::equals);

        node1.kill();
        browser2.waitForText(By.id("nodes"), "Partner dead", LIVE);
        await("the dead partner's health shown as unknown").atMost(LIVE)
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> partnerRow("Health"), health -> health.startsWith("unknown"));
        browser2.screenshot("home-partner-dead");
    }

    private static String partnerRow(String label) {
        return browser2.driver.findElement(By.xpath("//section[@aria-label='Partner node']//dt[text()='" + label
                + "']/following-sibling::dd[1]")).getText();
    }

    private static Browser newBrowser() {
        try {
            return new Browser();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void loggedIn(Browser browser, WuiNode node) {
        browser.logIn(node, WuiNode.PASSWORD);
        browser.waitFor(By.id("top-state"));
    }

    private static WebElement field(Browser browser, String path) {
        return browser.driver.findElement(By.cssSelector("[data-field='" + path + "']"));
    }

    private static void fill(Browser browser, Map<String, String> values) {
        values.forEach((path, value) -> {
            WebElement input = field(browser, path);
            input.clear();
            input.sendKeys(value);
        });
    }
}
