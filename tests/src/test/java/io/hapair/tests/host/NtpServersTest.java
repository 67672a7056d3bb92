package io.hapair.tests.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Chronyd;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NTP servers take effect: stored on one node and synced, they become both nodes' chrony sources (each node has
 * a chronyd of its own standing in for its host's, reading the node's sources file), the clocks synchronise to a
 * real NTP server (another chronyd), and status and /metrics say so; a node whose chrony reaches no server says its
 * clock is not synchronised. Every chronyd runs with -x (never the host's clock) on sockets and files of the test.
 */
class NtpServersTest {

    // iburst has a chronyd synchronised within seconds; the node reads chrony's state every 30 s.
    private static final Duration CLOCK = Duration.ofSeconds(120);
    // How often the nodes ask chrony (clock-check-interval; 30 s by default).
    private static final Duration CHECK_EVERY = Duration.ofSeconds(3);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(171);
    static String serverAddress;
    static Chronyd server;
    static Map<HaNodeProcess, Chronyd> chrony;
    static NodePair pair;

    @BeforeAll
    static void start() throws Exception {
        serverAddress = fixtures.nextAddress();
        server = fixtures.track(Chronyd.server(fixtures.workDir().resolve("ntp-server"), serverAddress));
        // One chronyd per node, as each node's host has its own: each reads only its node's file.
        Chronyd masterChrony = fixtures.track(Chronyd.client(fixtures.workDir().resolve("master-chrony")));
        Chronyd slaveChrony = fixtures.track(Chronyd.client(fixtures.workDir().resolve("slave-chrony")));
        pair = fixtures.pairOf("prefer-master", uses(fixtures.masterOptions("prefer-master"), masterChrony),
                uses(fixtures.slaveOptions("prefer-master"), slaveChrony));
        chrony = Map.of(pair.master(), masterChrony, pair.slave(), slaveChrony);
    }

    private static NodeOptions uses(NodeOptions node, Chronyd chronyd) {
        return node.with("--chrony-sources-file", sourcesFile(chronyd).toString(),
                "--chrony-socket", chronyd.socket().toString(), "--clock-check-interval", CHECK_EVERY.toSeconds() + "s");
    }

    private static Path sourcesFile(Chronyd chronyd) {
        return chronyd.sourcesDir().resolve("hanode.sources");
    }

    @Test
    void aStoredServerBecomesBothNodesChronySourceTheirClocksSynchroniseToItAndDeletingItRemovesIt() {
        store(serverAddress, true);

        for (HaNodeProcess node : pair.nodes()) {
            Chronyd chronyd = chrony.get(node);
            await(node.name() + "'s sources file and chrony have the server").atMost(Patience.SETTLE).untilAsserted(() -> {
                assertThat(sourcesFile(chronyd)).content().contains("server " + serverAddress + " iburst prefer\n");
                assertThat(chronyd.sources()).containsExactly(serverAddress);
            });
            await(node.name() + "'s clock synchronised to the server").atMost(CLOCK).untilAsserted(() -> {
                JsonNode clock = node.status().path("clock");
                assertThat(clock.path("synchronised").asBoolean()).as(clock.toString()).isTrue();
                assertThat(clock.path("source").asText()).isEqualTo(serverAddress);
                assertThat(clock.path("stratum").asInt()).as("the server's stratum 8, plus one").isEqualTo(9);
                // Both chronyds read the one clock of this host.
                assertThat(Math.abs(clock.path("offsetSeconds").asDouble(99))).isLessThan(0.1);
                assertThat(clock.path("checkedAt").isNumber()).isTrue();
                assertThat(clock.path("lastError").isNull()).isTrue();
            });
            assertThat(metrics(node)).contains("hanode_clock_synchronized 1.0", "hanode_ntp_sources_applied 1.0")
                    .containsPattern("hanode_clock_offset_seconds -?[0-9]");
        }

        HttpOnce.Answer deleted = pair.master().api("DELETE", "/api/v1/ntp-servers/" + serverAddress);
        assertThat(deleted.code()).as(deleted.body()).isIn(200, 204);

        for (HaNodeProcess node : pair.nodes()) {
            Chronyd chronyd = chrony.get(node);
            await(node.name() + "'s chrony without the server").atMost(Patience.SETTLE).untilAsserted(() -> {
                assertThat(sourcesFile(chronyd)).content().doesNotContainPattern("(?m)^server ");
                assertThat(chronyd.sources()).doesNotContain(serverAddress);
            });
        }
    }

    @Test
    void aNodeWhoseChronyReachesNoServerSaysItsClockIsNotSynchronisedAndSaysItOnce() throws Exception {
        HaNodeProcess master = pair.master();
        Chronyd masterChrony = chrony.get(master);
        store(serverAddress, false);
        await("the master's clock synchronised").atMost(CLOCK).until(() ->
                master.status().path("clock").path("synchronised").asBoolean());

        // A running chronyd keeps the clock (and says it is synchronised) long after its server went quiet: it marks a
        // server unreachable after 8 unanswered polls of 64 s or more. A host that starts while its server is down,
        // as after a reboot, is not synchronised at all: that is what is tested here.
        server.stop();
        masterChrony.stop();
        await("chrony's absence in the master's status").atMost(CLOCK).untilAsserted(() -> {
            JsonNode clock = master.status().path("clock");
            assertThat(clock.path("synchronised").asBoolean()).isFalse();
            assertThat(clock.path("lastError").asText()).contains("chronyc -h " + masterChrony.socket(),
                    "Could not open connection to daemon", "chrony-socket");
        });
        assertThat(master.healthCode()).as("the clock is no reason to hand over").isEqualTo(200);
        long warnings = notSynchronisedWarnings(master);

        masterChrony.start();
        await("the master says its clock is not synchronised").atMost(CLOCK).untilAsserted(() -> {
            JsonNode clock = master.status().path("clock");
            assertThat(clock.path("lastError").isNull()).as(clock.toString()).isTrue();
            assertThat(clock.path("synchronised").asBoolean()).isFalse();
            assertThat(clock.path("source").isNull()).isTrue();
            assertThat(notSynchronisedWarnings(master)).isEqualTo(warnings + 1);
        });
        assertThat(masterChrony.sourceLines()).singleElement().satisfies(source -> {
            assertThat(source[2]).isEqualTo(serverAddress);
            assertThat(source[5]).as("reachability register: no answer yet").isEqualTo("0");
        });
        assertThat(metrics(master)).contains("hanode_clock_synchronized 0.0", "hanode_clock_offset_seconds NaN");

        // Said once, not at every check: two checks later there is still the one line.
        long checked = master.status().path("clock").path("checkedAt").asLong();
        await("two more checks of the master's clock").atMost(CLOCK).until(() ->
                master.status().path("clock").path("checkedAt").asLong() >= checked + CHECK_EVERY.toMillis() * 3 / 2);
        assertThat(notSynchronisedWarnings(master)).isEqualTo(warnings + 1);

        // As the other test found them: the server up, the master's chrony synchronised to it (a chronyd that saw
        // its server fail retries it at its normal poll, minutes apart; a new one bursts at once).
        server.start();
        masterChrony.stop();
        masterChrony.start();
        await("the master's clock synchronised again").atMost(CLOCK).until(() ->
                master.status().path("clock").path("synchronised").asBoolean());
        assertThat(master.api("DELETE", "/api/v1/ntp-servers/" + serverAddress).code()).isIn(200, 204);
    }

    /** Stores the server under its host (the document's id), new or replacing the one there. */
    private static void store(String host, boolean prefer) {
        HttpOnce.Answer answer = pair.master().api("PUT", "/api/v1/ntp-servers/" + host,
                "{\"host\":\"" + host + "\",\"prefer\":" + prefer + "}", null);
        assertThat(answer.code()).as(answer.body()).isIn(200, 201);
    }

    private static long notSynchronisedWarnings(HaNodeProcess node) {
        return node.logOfThisRun().lines().filter(l -> l.contains(" WARN ")
                && l.contains("ntp: the clock is not synchronised")).count();
    }

    private static String metrics(HaNodeProcess node) {
        HttpOnce.Answer answer = node.api("GET", "/metrics");
        assertThat(answer.code()).isEqualTo(200);
        return answer.body();
    }
}
