package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.netns.Commands;
import io.hapair.tests.netns.NodeNamespaces;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * Local Administration drives the network's confirmed commit: a route made in its form takes effect on the node's
 * host (a network namespace of the test's), the page says that the change waits for confirmation, how long, and what
 * else would roll it back; Confirm keeps it, Roll back now undoes it and says so; "On the host" shows the route as
 * the host has it.
 */
@Tag(NodeNamespaces.TAG)
class NetworkCommitPageTest {

    private static final int NUMBER = 70;
    private static final String BALANCER = "10.213." + NUMBER + ".254";
    private static final Duration PAGE = Duration.ofSeconds(15);
    private static final By ROUTE_READING = By.xpath("//div[@id='host-readings']//tr[td[1]='routes' and td[2]='to-lab']");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(NUMBER);

    @Test
    void aRouteMadeOnLocalAdministrationWaitsForConfirmationAndIsKeptOrRolledBackFromThePage() throws Exception {
        NodeNamespaces net = fixtures.track(NodeNamespaces.create(NUMBER));
        NodeOptions master = net.master("prefer-master").with("--host-network", "apply",
                "--network-confirm-timeout", "300s");
        NodePair pair = fixtures.pairOf("prefer-master", master, net.slave("prefer-master").with("--host-network", "apply"));
        pair.awaitSettledWith(pair.master(), Duration.ofSeconds(60));
        String page = "https://" + master.address() + ":" + master.apiPort() + "/ui/";

        try (Browser browser = new Browser()) {
            browser.logIn(page + "login.html", master.password());
            browser.waitFor(By.id("top-node"));
            browser.open(page + "local.html");
            createRoute(browser, "to-lab", "10.99.0.0/16");

            browser.waitForText(By.id("commit-countdown"), "unless you confirm it", PAGE);
            WebElement banner = browser.driver.findElement(By.id("network-commit"));
            assertThat(banner.getText()).contains("Network change waiting for confirmation")
                    .containsPattern("It is rolled back in [0-9]+ s unless you confirm it")
                    .contains("It is rolled back at once if the partner's heartbeats stop reaching this node");
            assertThat(ip(net, "route", "show", "10.99.0.0/16")).contains("via " + BALANCER + " dev eth0");
            browser.screenshot("local-network-change-waiting");

            browser.driver.findElement(By.id("confirm-network")).click();
            await("the banner gone once confirmed").atMost(PAGE)
                    .until(() -> !browser.driver.findElement(By.id("network-commit")).isDisplayed());
            browser.driver.findElement(By.id("read-host")).click();
            // Confirming reads the host again too: a row read as the table is replaced is read again.
            // One matcher for both: each ignoreException call replaces the one before it.
            String row = await("the route on the host, as stored").atMost(PAGE)
                    .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
                            || e instanceof NoSuchElementException)
                    .until(() -> browser.driver.findElement(ROUTE_READING).getAttribute("class") + " | "
                            + browser.driver.findElement(ROUTE_READING).getText(), r -> r.contains("same"));
            assertThat(row).startsWith(" | ").contains("10.99.0.0/16 via " + BALANCER + " dev eth0");
            assertThat(ip(net, "route", "show", "10.99.0.0/16")).as("the confirmed route").contains("via " + BALANCER);

            createRoute(browser, "to-test", "10.98.0.0/16");
            browser.waitForText(By.id("commit-countdown"), "unless you confirm it", PAGE);
            assertThat(ip(net, "route", "show", "10.98.0.0/16")).contains("via " + BALANCER);
            browser.driver.findElement(By.id("rollback-network")).click();
            browser.waitForText(By.id("last-rollback"), "an operator asked for it", PAGE);
            assertThat(ip(net, "route", "show", "10.98.0.0/16")).as("the route rolled back").isBlank();
            assertThat(ip(net, "route", "show", "10.99.0.0/16")).as("the confirmed route").contains("via " + BALANCER);
            browser.screenshot("local-network-change-rolled-back");
        }
    }

    private static void createRoute(Browser browser, String name, String destination) {
        browser.waitFor(By.xpath("//div[@id='routes']//button[text()='New route']")).click();
        browser.waitFor(By.cssSelector("#routes [data-field='name']")).sendKeys(name);
        browser.driver.findElement(By.cssSelector("#routes [data-field='destination']")).sendKeys(destination);
        browser.driver.findElement(By.cssSelector("#routes [data-field='gateway']")).sendKeys(BALANCER);
        browser.driver.findElement(By.cssSelector("#routes [data-field='interfaceName']")).sendKeys("eth0");
        browser.driver.findElement(By.xpath("//div[@id='routes']//button[text()='Create']")).click();
    }

    private static String ip(NodeNamespaces net, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "ip";
        command[1] = "-n";
        command[2] = net.first().namespace();
        System.arraycopy(args, 0, command, 3, args.length);
        return Commands.run(command);
    }
}
