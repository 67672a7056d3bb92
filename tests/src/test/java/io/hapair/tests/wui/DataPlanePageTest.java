package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Virtual Services page of a standalone node whose data plane (a real HAProxy) serves one http
 * virtual service over two real servers of the test: the page follows what HAProxy sees, its Drain
 * button drains a real server on this node, and a configuration HAProxy refuses is shown with its fields.
 * The tests share the node and run in the order an operator meets these.
 */
// A short class name: the fixtures' folder is named after it, and HAProxy refuses socket paths (in the
// node's data directory there) longer than 97 characters.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlanePageTest {

    // Generous: checks run every second, but the machine is shared.
    private static final Duration LIVE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERVICE_PORT = 18080;
    private static final int REAL_SERVER_PORT = 18090;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(74);

    private static HaNodeProcess node;
    private static String firstAddress;
    private static String first;
    private static String second;
    private static HttpServer secondServer;
    private static Browser browser;

    @BeforeAll
    static void startNodeWithAServiceOverTwoRealServers() throws Exception {
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null);
        firstAddress = fixtures.nextAddress();
        String secondAddress = fixtures.nextAddress();
        first = firstAddress + ":" + REAL_SERVER_PORT;
        second = secondAddress + ":" + REAL_SERVER_PORT;
        realServer(firstAddress);
        secondServer = realServer(secondAddress);
        node = fixtures.node(options);
        HttpOnce.Answer created = node.api("POST", "/api/v1/virtual-services",
                virtualService("web", SERVICE_PORT, firstAddress, secondAddress), null);
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        browser = new Browser();
        browser.logIn("https://" + node.address() + ":" + options.apiPort() + "/ui/login.html", options.password());
        browser.waitFor(By.id("top-state"));
        browser.open("https://" + node.address() + ":" + options.apiPort() + "/ui/virtual-services.html");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void bothRealServersAreShownUpWithTheirPassedCheckWhileHaproxyRuns() throws Exception {
        browser.waitForText(By.id("data-plane-health"), "HAProxy running", LIVE);
        browser.waitForText(status(first), "up", LIVE);
        browser.waitForText(status(second), "up", LIVE);
        browser.waitForText(lastCheck(first), "L7OK", LIVE);
        assertThat(browser.driver.findElement(By.cssSelector("tr.service[data-vs='web'] td.status")).getText())
                .isEqualTo("up");
        assertThat(browser.driver.findElement(By.id("data-plane-refused")).isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void aRealServerThatStopsAnsweringIsShownDownWithItsFailedCheck() throws Exception {
        secondServer.stop(0);
        browser.waitForText(status(second), "down", LIVE);
        browser.waitForText(lastCheck(second), "L4CON", LIVE);
        assertThat(realServer("web", second).path("lastCheck").asText()).contains("L4CON");
        assertThat(browser.driver.findElement(status(first)).getText()).isEqualTo("up");
        browser.screenshot("virtual-services-data-plane");
    }

    @Test
    @Order(3)
    void drainOnThePageDrainsTheRealServerOnThisNode() {
        By drain = By.cssSelector("tr[data-real-server='" + first + "'] button[data-state='drain']");
        // The table is drawn again when HAProxy's figures change; a click on the row drawn before is retried.
        new WebDriverWait(browser.driver, LIVE).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(drain).click();
            return true;
        });
        browser.waitForText(status(first), "drain", LIVE);
        await("the API says drain").atMost(LIVE).untilAsserted(() ->
                assertThat(realServer("web", first).path("status").asText()).isEqualTo("drain"));
        assertThat(browser.driver.findElement(By.id("flash")).getText()).contains("on this node");
        assertThat(browser.driver.findElement(drain).isEnabled()).as("Drain on a drained server").isFalse();
    }

    @Test
    @Order(4)
    void aConfigurationHaproxyRefusesIsShownWithItsFieldsOnTheServicesPageAndAtHome() throws Exception {
        int blockedPort = SERVICE_PORT + 1;
        // HAProxy's check does not bind, so the service is stored; the reload cannot listen and is refused.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(node.address(), blockedPort));
            HttpOnce.Answer created = node.api("POST", "/api/v1/virtual-services",
                    virtualService("blocked", blockedPort, firstAddress), null);
            assertThat(created.code()).as(created.body()).isEqualTo(201);

            browser.waitForText(By.id("data-plane-refused"), "HAProxy refused the stored virtual services", LIVE);
            JsonNode configuration = node.apiJson("/api/v1/data-plane").path("configuration");
            assertThat(configuration.path("rejections").size()).as(configuration.toString()).isPositive();
            String shown = browser.driver.findElement(By.id("data-plane-rejections")).getText();
            for (JsonNode rejection : configuration.path("rejections")) {
                assertThat(shown).contains(rejection.path("field").asText() + ": " + rejection.path("message").asText());
            }
            assertThat(shown).contains("blocked");
            assertThat(browser.driver.findElement(By.id("data-plane-health")).getText()).contains("HAProxy running");
            browser.screenshot("virtual-services-refused");

            browser.open("https://" + node.address() + ":" + node.options().apiPort() + "/ui/index.html");
            browser.waitForText(By.id("home-data-plane"), "the stored virtual services were refused", LIVE);
            assertThat(browser.driver.findElement(By.id("home-data-plane")).getText()).startsWith("HAProxy running");
        }
    }

    private static By status(String realServer) {
        return By.cssSelector("tr[data-real-server='" + realServer + "'] td.status");
    }

    private static By lastCheck(String realServer) {
        return By.cssSelector("tr[data-real-server='" + realServer + "'] td.last-check");
    }

    private static JsonNode realServer(String service, String addressAndPort) {
        for (JsonNode s : node.apiJson("/api/v1/data-plane").path("services")) {
            for (JsonNode r : s.path("realServers")) {
                if (s.path("name").asText().equals(service)
                        && (r.path("address").asText() + ":" + r.path("port").asInt()).equals(addressAndPort)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no real server " + addressAndPort + " of " + service + " in GET /api/v1/data-plane");
    }

    /** An http service checked every second, taken out after two failed checks, back after one passed. */
    private static String virtualService(String name, int port, String... realServers) throws IOException {
        ObjectNode vs = JSON.createObjectNode().put("name", name).put("address", "10.0.1.100").put("port", port)
                .put("protocol", "http");
        vs.set("healthCheck", JSON.valueToTree(Map.of("type", "http", "path", "/", "intervalSeconds", 1,
                "retries", 2, "rise", 1)));
        for (String address : realServers) {
            vs.withArray("realServers").addObject().put("address", address).put("port", REAL_SERVER_PORT);
        }
        return JSON.writeValueAsString(vs);
    }

    /** A tiny real server that answers every request with its address; stopped with the test JVM or by the test. */
    private static HttpServer realServer(String address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, REAL_SERVER_PORT), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("real server " + address + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        fixtures.track(() -> server.stop(0));
        return server;
    }
}
