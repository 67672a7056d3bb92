package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Home page's "Cloud balancer check" panel of a real node whose self-check cannot read its balancer:
 * the node has no cloud identity here, and the topology's Resource Manager does not answer. The panel
 * says the balancer could not be read and why; it never shows a failed run as a clean balancer, and
 * the node serves on.
 */
class BalancerCheckPanelTest {

    // The run signs in first, with environment variables only (HaNodeProcess keeps the machine's managed
    // identity, off the machine, out of it), and the node has none: the sign-in fails within the run's 60 s.
    private static final Duration RUN = Duration.ofSeconds(120);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(154);

    @Test
    void aRunThatCannotReadTheBalancerIsShownAsFailedWithItsReason() throws Exception {
        String address = fixtures.nextAddress();
        Path topology = Files.writeString(fixtures.workDir().resolve("cloud-topology.yaml"), """
                provider: azure
                node1: {address: %s}
                node2: {address: 127.20.154.250}
                azure:
                  subscription: 0b7c3a1e-5d2f-4a6b-9c8d-7e6f5a4b3c2d
                  resourceGroup: rg-pair
                  loadBalancer: ilb-pair
                  node1Nic: nic-node1
                  node2Nic: nic-node2
                  armEndpoint: https://127.20.154.251:9
                """.formatted(address));
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", address, null)
                .with("--balancer-check-topology", topology.toString());
        HaNodeProcess node = fixtures.node(options);

        JsonNode balancer = await().atMost(RUN).until(() -> node.status().path("balancer"),
                b -> "failed".equals(b.path("outcome").asText()));
        String why = balancer.path("message").asText();
        assertThat(why).isNotBlank();
        assertThat(balancer.path("findings").size()).isZero();
        assertThat(balancer.path("lastSuccessAt").isNull()).isTrue();
        assertThat(node.status().path("healthy").asBoolean()).as("the self-check only informs").isTrue();

        try (Browser browser = new Browser()) {
            browser.logIn("https://" + address + ":" + options.apiPort() + "/ui/login.html", options.password());
            browser.waitFor(By.id("balancer-check-outcome"));
            WebElement outcome = browser.driver.findElement(By.id("balancer-check-outcome"));
            assertThat(outcome.getAttribute("data-outcome")).isEqualTo("failed");
            assertThat(outcome.getText()).startsWith("The balancer could not be read: " + why.lines().findFirst()
                    .orElseThrow());
            assertThat(browser.driver.findElement(By.id("balancer-check")).getText()).startsWith("Cloud balancer check")
                    .doesNotContain("No problems found");
            browser.screenshot("home-balancer-check-failed");
        }
    }
}
