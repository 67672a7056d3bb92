package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hanode status} and {@code hanode switchover} against running nodes: exit codes and output. */
class CliTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(7);
    static NodePair pair;
    static String unused;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
        unused = fixtures.nextAddress();
    }

    @BeforeEach
    void masterActive() {
        pair.reset(pair.master());
    }

    @Test
    void statusShowsTheDisplayStateAndThePartner() {
        pair.master().health(); // one probe, so that the master counts as reached by a balancer

        HanodeJar.Result result = hanode(Map.of("HANODE_ADMIN_PASSWORD", NodeOptions.PASSWORD), "status",
                "--url", url(pair.master()), "--cacert", pair.master().certificate().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("master: Master (Active)")
                .contains("partner slave (" + pair.slave().address() + "): alive, standby");
        assertThat(result.stdout()).doesNotContain("CONFIGURATION ERROR");
    }

    @Test
    void statusJsonIsTheApiDocument() throws IOException {
        HanodeJar.Result result = hanode(Map.of(), "status", "--json", "--insecure", "--url", url(pair.slave()),
                "--password", NodeOptions.PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode status = new ObjectMapper().readTree(result.stdout());
        assertThat(status.path("node").asText()).isEqualTo("slave");
        assertThat(status.path("activity").asText()).isEqualTo("standby");
        assertThat(status.path("partner").path("name").asText()).isEqualTo("master");
    }

    @Test
    void statusFailsClearlyOnWrongInput() {
        HanodeJar.Result wrongPassword = hanode(Map.of(), "status", "--insecure", "--url", url(pair.master()),
                "--password", "not-the-password");
        assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isEqualTo(1);
        assertThat(wrongPassword.stderr()).contains("401").contains("wrong password");

        HanodeJar.Result unreachable = hanode(Map.of(), "status", "--insecure", "--url", "https://" + unused + ":8443",
                "--password", NodeOptions.PASSWORD);
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
        assertThat(unreachable.stderr()).contains("cannot reach https://" + unused + ":8443");

        HanodeJar.Result noPassword = hanode(Map.of(), "status", "--insecure", "--url", url(pair.master()));
        assertThat(noPassword.exitCode()).as(noPassword.toString()).isEqualTo(2);
        assertThat(noPassword.stderr()).contains("--password is missing");

        HanodeJar.Result noTrust = hanode(Map.of(), "status", "--url", url(pair.master()), "--password", NodeOptions.PASSWORD);
        assertThat(noTrust.exitCode()).as(noTrust.toString()).isEqualTo(2);
        assertThat(noTrust.stderr()).contains("--cacert").contains("--insecure");
    }

    @Test
    void switchoverHandsOverToTheSlaveAndTheMasterClaimsItBack() {
        HanodeJar.Result away = hanode(Map.of(), "switchover", "--insecure", "--url", url(pair.master()),
                "--password", NodeOptions.PASSWORD);
        assertThat(away.exitCode()).as(away.toString()).isZero();
        assertThat(away.stdout()).contains("switchover started: handing over to partner slave");
        pair.awaitSettledWith(pair.slave(), Patience.SETTLE);

        HanodeJar.Result back = hanode(Map.of(), "switchover", "--insecure", "--url", url(pair.master()),
                "--password", NodeOptions.PASSWORD);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.stdout()).contains("switchover started: taking over from partner slave");
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
    }

    @Test
    void switchoverIsRefusedWithExitCode1WhenThePartnerIsDown() {
        pair.slave().kill9();
        pair.awaitPartnerDeadAt(pair.master());

        HanodeJar.Result result = hanode(Map.of(), "switchover", "--insecure", "--url", url(pair.master()),
                "--password", NodeOptions.PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("refused").contains("partner is not reachable");
        assertThat(pair.master().healthCode()).isEqualTo(200);
    }

    private static String url(HaNodeProcess node) {
        return "https://" + node.address() + ":" + node.options().apiPort();
    }

    private static HanodeJar.Result hanode(Map<String, String> env, String... args) {
        return HanodeJar.run(new ArrayList<>(List.of(args)), env, Duration.ofSeconds(90));
    }
}
