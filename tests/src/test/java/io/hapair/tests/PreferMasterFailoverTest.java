package io.hapair.tests;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.withoutActiveNode;
import static io.hapair.tests.fixture.HealthPoller.violating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.PemTrust;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pair under {@code prefer-master}: the master is active whenever it is up; kill -9 and restarts. */
class PreferMasterFailoverTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(1);
    static NodePair pair;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
    }

    @BeforeEach
    void masterActive() {
        pair.reset(pair.master());
    }

    @Test
    void onlyTheMasterAnswers200AtSteadyState() {
        HttpOnce.Answer master = pair.master().health();
        HttpOnce.Answer slave = pair.slave().health();
        assertThat(master.code()).isEqualTo(200);
        assertThat(master.body()).isEqualTo("Master is active");
        assertThat(slave.code()).isEqualTo(503);
        assertThat(slave.body()).isEmpty();

        // Steady means it stays so: a second of 10 ms probes sees exactly that, every time.
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            samples = poller.awaitSamples(100).stop();
        }
        List<HealthPoller.Sample> other = violating(samples, s -> s.code(0) == 200 && s.code(1) == 503);
        assertThat(other).as(describe(other, samples)).isEmpty();

        JsonNode master1 = pair.master().status();
        assertThat(master1.path("mode").asText()).isEqualTo("master");
        assertThat(master1.path("activity").asText()).isEqualTo("active");
        assertThat(master1.path("display").asText()).isEqualTo("Master (Active)");
        assertThat(master1.path("configErrors")).isEmpty();
        assertThat(master1.path("partner").path("name").asText()).isEqualTo("slave");
        assertThat(master1.path("partner").path("activity").asText()).isEqualTo("standby");
        assertThat(master1.path("peerLink").path("outgoing").asBoolean()).isTrue();
        assertThat(master1.path("peerLink").path("incoming").asBoolean()).isTrue();
        JsonNode slave1 = pair.slave().status();
        assertThat(slave1.path("display").asText()).isEqualTo("Slave (Standby)");
        assertThat(slave1.path("partner").path("activity").asText()).isEqualTo("active");
    }

    @Test
    void metricsShowEachNodesActivityToTheAdminOnly() {
        assertThat(pair.master().api("GET", "/metrics").body()).contains("hanode_active 1.0")
                .contains("hanode_role{mode=\"master\"");
        assertThat(pair.slave().api("GET", "/metrics").body()).contains("hanode_active 0.0");
        assertThat(HttpOnce.send(PemTrust.of(pair.master().certificate()), pair.master().address(),
                pair.master().options().apiPort(), "GET", "/metrics", null, Duration.ofSeconds(10)).code()).isEqualTo(401);
    }

    @Test
    void slaveTakesOverWhenTheActiveMasterIsKilled() {
        pair.master().kill9();

        await("slave answers 200").atMost(Patience.SETTLE).until(() -> pair.slave().healthCode() == 200);
        assertThat(pair.slave().health().body()).isEqualTo("Slave is active");
        JsonNode slave = pair.slave().status();
        assertThat(slave.path("activity").asText()).isEqualTo("active");
        assertThat(slave.path("partner").path("liveness").asText()).isEqualTo("dead");
        assertThat(slave.path("events").toString()).contains("declared dead");
    }

    @Test
    void restartedMasterTakesOverAgainWithoutGap() {
        pair.master().kill9();
        await("slave answers 200").atMost(Patience.SETTLE).until(() -> pair.slave().healthCode() == 200);

        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            pair.master().restart(Patience.START);
            pair.awaitSettledWith(pair.master(), Patience.SETTLE);
            samples = poller.stop();
        }
        // The restarted master answers 503 until it has heard the slave, and then takes over with overlap.
        assertThat(withoutActiveNode(samples)).as(describe(withoutActiveNode(samples), samples)).isEmpty();
        assertThat(samples.get(samples.size() - 1).codes()).containsExactly(200, 503);
    }

    @Test
    void killingTheStandbySlaveLeavesTheMasterActive() {
        List<HealthPoller.Sample> samples;
        try (HealthPoller poller = HealthPoller.start(pair.master(), pair.slave())) {
            pair.slave().kill9();
            pair.awaitPartnerDeadAt(pair.master());
            pair.slave().restart(Patience.START);
            pair.awaitSettledWith(pair.master(), Patience.SETTLE);
            samples = poller.stop();
        }
        // Throughout, the master answered 200 and the slave never did (not even while restarting).
        List<HealthPoller.Sample> wrong = violating(samples, s -> s.code(0) == 200 && s.code(1) != 200);
        assertThat(wrong).as(describe(wrong, samples)).isEmpty();
    }
}
