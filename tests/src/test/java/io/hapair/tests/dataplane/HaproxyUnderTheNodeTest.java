package io.hapair.tests.dataplane;

import static io.hapair.tests.dataplane.DataPlaneApi.awaitBalancerSendsTo;
import static io.hapair.tests.dataplane.DataPlaneApi.awaitServing;
import static io.hapair.tests.dataplane.DataPlaneApi.created;
import static io.hapair.tests.dataplane.DataPlaneApi.dataPlane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HAProxyProcess;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RealServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node keeps its HAProxy running: a killed HAProxy is restarted and serves again; one that cannot
 * start makes the node unhealthy, so the partner takes the traffic, and the status says why.
 */
class HaproxyUnderTheNodeTest {

    private static final int WEB = 8080;
    // Unmistakable in the status and the log: the reason the broken HAProxy gives.
    private static final String BROKEN_REASON = "broken on purpose by the test";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(92);
    static NodePair pair;
    static String balancer;
    static Path brokenFlag;

    @BeforeAll
    static void startPairRealServerAndBalancer() throws IOException {
        brokenFlag = fixtures.workDir().resolve("haproxy-broken");
        Path haproxy = breakableHaproxy(fixtures.workDir().resolve("breakable-haproxy"), brokenFlag);
        pair = fixtures.pairOf("prefer-master", fixtures.masterOptions("prefer-master").with("--haproxy",
                haproxy.toString()), fixtures.slaveOptions("prefer-master"));
        balancer = fixtures.nextAddress();
        RealServer rs1 = fixtures.track(RealServer.start("rs1", fixtures.nextAddress(), 8080));
        fixtures.haproxy(HAProxyProcess.virtualServiceBalancerConfig(balancer, pair.nodes(), List.of(WEB)), balancer,
                WEB);
        created(pair.master(), DataPlaneApi.SERVICES, DataPlaneApi.httpService("web", balancer, WEB, List.of(rs1)));
    }

    /**
     * The real HAProxy, or, while {@code flag} exists, a program that fails at once with an ALERT, as an
     * HAProxy broken by a bad upgrade would.
     */
    private static Path breakableHaproxy(Path script, Path flag) throws IOException {
        Files.writeString(script, """
                #!/bin/sh
                if [ -e '%s' ]; then
                    echo '[ALERT]    (0) : %s' >&2
                    exit 1
                fi
                exec haproxy "$@"
                """.formatted(flag, BROKEN_REASON));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @BeforeEach
    void masterActiveAndServing() throws IOException {
        Files.deleteIfExists(brokenFlag);
        pair.reset(pair.master());
        awaitServing(pair.nodes(), "web");
        awaitBalancerSendsTo(pair.master(), pair.slave(), "web", HaproxyUnderTheNodeTest::request);
    }

    @Test
    void aKilledHaproxyIsRestartedAndServesAgain() {
        HaNodeProcess master = pair.master();
        ProcessHandle killed = master.haproxyMaster().orElseThrow();
        List<ProcessHandle> oldWorkers = killed.descendants().toList();
        long killedAt = System.currentTimeMillis();

        killed.destroyForcibly();

        await("a new HAProxy master").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> master.haproxyMaster().filter(p -> p.pid() != killed.pid()).isPresent());
        await("the master's own listener answers").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> HttpOnce.get(master.address(), WEB, "/", Duration.ofSeconds(5)).ok());
        System.out.printf("data plane: HAProxy killed under the node serves again after %d ms%n",
                System.currentTimeMillis() - killedAt);
        // Health turns running once the new master answers on its socket, a moment after its worker serves.
        await("the data plane's health says running").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> dataPlane(master).path("health").path("state").asText().equals("running"));
        assertThat(master.logOfThisRun()).contains("haproxy exited with status");
        // Workers of the killed master would otherwise keep serving an old configuration beside the new ones.
        await("the killed master's workers leave").atMost(Patience.SETTLE)
                .until(() -> oldWorkers.stream().noneMatch(ProcessHandle::isAlive));
        pair.awaitSettledWith(master, Patience.SETTLE);
        awaitBalancerSendsTo(master, pair.slave(), "web", HaproxyUnderTheNodeTest::request);
    }

    @Test
    void anHaproxyThatCannotStartMakesTheNodeUnhealthyAndThePartnerTakesOver() throws IOException {
        HaNodeProcess master = pair.master();
        Files.createFile(brokenFlag);

        master.haproxyMaster().orElseThrow().destroyForcibly();

        // First HAProxy's exit, then, after the restart's backoff, the restart's failure.
        await("master unhealthy as its HAProxy cannot start, slave active").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.status().path("healthDetail").asText().contains(BROKEN_REASON)
                        && master.healthCode() == 503 && pair.slave().healthCode() == 200);
        JsonNode status = master.status();
        assertThat(status.path("healthy").asBoolean()).as(status.toString()).isFalse();
        assertThat(status.path("healthDetail").asText()).contains("data plane", "haproxy cannot start");
        JsonNode health = dataPlane(master).path("health");
        assertThat(health.path("state").asText()).isEqualTo("failed");
        assertThat(health.path("reason").asText()).contains(BROKEN_REASON);
        awaitBalancerSendsTo(pair.slave(), master, "web", HaproxyUnderTheNodeTest::request);

        Files.delete(brokenFlag);

        await("master's data plane runs again").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> dataPlane(master).path("health").path("state").asText().equals("running"));
        await("master healthy again").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> master.status().path("healthy").asBoolean());
    }

    @Test
    void aNodeStartedWithAProgramThatIsNotHaproxyStaysStandbyAndSaysWhy() {
        pair.master().crash();
        HaNodeProcess withoutHaproxy = fixtures.node(pair.master().options().with("--haproxy", "/bin/false"));

        await(withoutHaproxy.name() + " reports its data plane").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> !withoutHaproxy.status().path("healthy").asBoolean());
        await(withoutHaproxy.name() + " stays standby").during(Patience.HOLD).atMost(Patience.SETTLE)
                .ignoreExceptions().until(() -> withoutHaproxy.healthCode() == 503 && pair.slave().healthCode() == 200);
        JsonNode status = withoutHaproxy.status();
        System.out.println("data plane: a node whose haproxy is /bin/false says: " + status.path("healthDetail"));
        assertThat(status.path("healthDetail").asText()).contains("data plane", "haproxy cannot start",
                "/bin/false exited with status 1 without loading the configuration");
        assertThat(dataPlane(withoutHaproxy).path("health").path("state").asText()).isEqualTo("failed");
    }

    /** One request through the balancer to the web service, on a new connection. */
    private static HttpOnce.Answer request() {
        return HttpOnce.get(balancer, WEB, "/", Duration.ofSeconds(5));
    }
}
