package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.TcpRelay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The Conflicts page in headless Chromium: a virtual service edited on both nodes while their peer link
 * was cut (relays the test cuts and heals) is listed with both versions; "Keep this one" on the other
 * version makes it the value on both nodes and closes the conflict on both.
 */
class ConflictsPageTest {

    private static final int RELAY_PORT = 16973;
    private static final String VS = "virtual-services";
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(41);

    @Test
    void keepingTheOtherVersionOnTheConflictsPageMakesItTheValueOnBothNodesAndClosesTheConflict() throws Exception {
        NodeOptions masterOptions = fixtures.masterOptions("prefer-master", "--partner-peer-port", "" + RELAY_PORT);
        NodeOptions slaveOptions = fixtures.slaveOptions("prefer-master", "--partner-peer-port", "" + RELAY_PORT);
        List<TcpRelay> relays = List.of(relayTo(masterOptions), relayTo(slaveOptions));
        NodePair pair = fixtures.pairOf("prefer-master", masterOptions, slaveOptions);
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        // Each version names a real server of its own, on loopback where nothing listens: HAProxy checks it.
        assertThat(master.api("POST", "/api/v1/" + VS, virtualService(fixtures.nextAddress()), null).code())
                .isEqualTo(201);
        await("web on the slave").atMost(Patience.SETTLE).ignoreExceptions().until(() -> realServer(slave) != null);

        relays.forEach(TcpRelay::cut);
        pair.awaitPartnerDeadAt(master);
        pair.awaitPartnerDeadAt(slave);
        assertThat(master.api("PUT", "/api/v1/" + VS + "/web", virtualService(fixtures.nextAddress()), null).code())
                .isEqualTo(200);
        assertThat(slave.api("PUT", "/api/v1/" + VS + "/web", virtualService(fixtures.nextAddress()), null).code())
                .isEqualTo(200);
        relays.forEach(TcpRelay::heal);
        await("both nodes list the conflict").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> conflicts(master).size() == 1 && conflicts(slave).size() == 1);
        String lost = conflicts(master).get(0).path("lost").path("document").path("realServers").get(0)
                .path("address").asText();

        try (Browser browser = new Browser()) {
            String ui = "https://" + master.address() + ":" + masterOptions.apiPort() + "/ui/";
            browser.logIn(ui + "login.html", masterOptions.password());
            browser.waitFor(By.id("top-state"));
            browser.open(ui + "conflicts.html");
            browser.waitForText(By.id("conflicts"), lost, LIVE);
            browser.waitFor(By.xpath("//section[@data-key='" + VS + "/web']"
                    + "//button[@aria-label='Keep this one: Other version of " + VS + " web']")).click();

            browser.waitForText(By.id("conflicts"), "No conflicts: both nodes agree.", LIVE);
            browser.screenshot("conflicts-resolved");
        }
        await("the conflict closes on both, with the kept version everywhere").atMost(Patience.SETTLE)
                .ignoreExceptions().until(() -> conflicts(master).isEmpty() && conflicts(slave).isEmpty()
                        && lost.equals(realServer(master)) && lost.equals(realServer(slave)));
    }

    private static TcpRelay relayTo(NodeOptions node) {
        return fixtures.track(TcpRelay.start(node.address(), RELAY_PORT, node.address(), node.peerPort()));
    }

    private static String virtualService(String realServer) {
        ObjectNode vs = JSON.createObjectNode().put("name", "web").put("address", "10.8.0.1").put("port", 80)
                .put("protocol", "tcp");
        vs.putArray("realServers").addObject().put("address", realServer).put("port", Fixtures.SILENT_PORT);
        return vs.toString();
    }

    private static JsonNode conflicts(HaNodeProcess node) {
        return node.apiJson("/api/v1/sync/conflicts").path("conflicts");
    }

    private static String realServer(HaNodeProcess node) throws Exception {
        var answer = node.api("GET", "/api/v1/" + VS + "/web");
        return answer.code() == 200 ? JSON.readTree(answer.body()).path("realServers").get(0).path("address").asText()
                : null;
    }
}
