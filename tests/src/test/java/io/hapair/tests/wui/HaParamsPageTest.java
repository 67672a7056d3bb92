package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * An HA parameter saved through the API while a flag sets the same key: after the restart the flag
 * still wins, and the API and the Cloud HA Parameters page say so instead of showing the saved value as
 * if it applied. The node also tightens the data directory the test created with the umask's modes.
 */
class HaParamsPageTest {

    private static final Duration LIVE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(62);

    @Test
    void aSavedValueThatAFlagOverridesIsShownAsOverriddenAfterTheRestart() throws Exception {
        NodeOptions options = NodeOptions.of("solo", "none", "prefer-master", fixtures.nextAddress(), null);
        HaNodeProcess node = fixtures.node(options);

        String saved = node.api("PUT", "/api/v1/ha/params", "{\"switch-to-preferred\":\"none\"}", null).body();
        node.sigterm();
        node.awaitExit(Patience.START);
        node.restart(Patience.START);

        assertThat(saved).contains("restartRequired");
        JsonNode preferred = parameter(node.apiJson("/api/v1/ha/params"), "switch-to-preferred");
        assertThat(preferred.path("running").asText()).isEqualTo("prefer-master");
        assertThat(preferred.path("saved").asText()).isEqualTo("none");
        assertThat(preferred.path("source").asText()).isEqualTo("flag");
        assertThat(preferred.path("overriddenBy").asText()).isEqualTo("flag --switch-to-preferred");
        try (Browser browser = new Browser()) {
            String ui = "https://" + node.address() + ":" + options.apiPort() + "/ui/";
            browser.logIn(ui + "login.html", options.password());
            browser.waitFor(By.id("top-state"));
            browser.open(ui + "ha-params.html");
            browser.waitForText(By.id("override-warnings"), "switch-to-preferred is saved as 'none', but flag"
                    + " --switch-to-preferred sets 'prefer-master' at every start and wins", LIVE);
            browser.waitForText(By.cssSelector("#params-sources tr[data-key='switch-to-preferred'] td[data-col='source']"),
                    "flag --switch-to-preferred", LIVE);
            browser.screenshot("ha-params-overridden");
        }
    }

    @Test
    void theNodeMakesItsDataDirectoryPrivateAndSaysSo() throws Exception {
        HaNodeProcess node = fixtures.node(NodeOptions.of("private", "none", "prefer-master", fixtures.nextAddress(), null));
        Path dir = node.dataDir();

        assertThat(mode(dir)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> inDir = files.filter(Files::isRegularFile).toList();
            assertThat(inDir).extracting(f -> f.getFileName().toString())
                    .contains("settings.db", "settings.db-wal", "node-key.pem", "node-cert.pem");
            for (Path file : inDir) {
                assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
            }
        }
        assertThat(node.logOfThisRun()).contains("WARN  DataDirectory - data-dir: tightened " + dir.toRealPath()
                + " from rwxr-xr-x to rwx------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static JsonNode parameter(JsonNode params, String key) {
        for (JsonNode p : params.path("parameters")) {
            if (p.path("key").asText().equals(key)) {
                return p;
            }
        }
        throw new AssertionError(key + " not in " + params);
    }
}
