package io.hapair.tests;

import static io.hapair.tests.fixture.ServiceTraffic.describe;
import static io.hapair.tests.fixture.ServiceTraffic.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HAProxyProcess;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.PemTrust;
import io.hapair.tests.fixture.ServiceTraffic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end with HAProxy as the cloud balancer: it probes {@code GET /} on 8444 and sends traffic
 * to the node that answers 200. Service traffic is HTTPS to the nodes' 8443 through a TCP frontend;
 * the status body's {@code node} field tells which node answered.
 */
class HAProxyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Enough consecutive answers from one node to say the balancer sends everything there.
    private static final int CONSECUTIVE = 10;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(8);
    static NodePair pair;
    static String balancer;
    static SSLSocketFactory tls;

    @BeforeAll
    static void startPairAndBalancer() {
        // Drain (3 s) outlasts the balancer's "fall 2" at a 1 s interval, so a SIGTERM loses nothing.
        pair = fixtures.pair("prefer-master", "--unconnected-after", "3s", "--shutdown-drain", "3s");
        balancer = fixtures.nextAddress();
        fixtures.haproxy(HAProxyProcess.cloudBalancerConfig(balancer, pair.nodes()), balancer, 8443);
        tls = PemTrust.of(pair.master().certificate(), pair.slave().certificate());
    }

    @BeforeEach
    void masterActiveAndBalancerFollowing() {
        pair.reset(pair.master());
        awaitBalancerSendsEverythingTo(pair.master());
    }

    @Test
    void requestsReachOnlyTheActiveMasterAtSteadyState() {
        for (int i = 0; i < 50; i++) {
            HttpOnce.Answer answer = serviceRequest();
            assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
            assertThat(answeredBy(answer)).isEqualTo("master");
            HttpOnce.Answer health = HttpOnce.get(balancer, 8444, "/", Duration.ofSeconds(5));
            assertThat(health.code()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("Master is active");
        }
        // Both nodes see the balancer's probes, from the balancer's address (once its next probe came
        // after the test's own direct ones).
        for (HaNodeProcess node : pair.nodes()) {
            await(node.name() + " probed by the balancer").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> balancer.equals(node.status().path("lastProbe").path("source").asText()));
        }
        assertThat(pair.master().status().path("display").asText()).isEqualTo("Master (Active)");
        assertThat(pair.slave().status().path("display").asText()).isEqualTo("Slave (Standby)");
    }

    @Test
    void requestsGoToTheSlaveAfterTheMasterIsKilled() {
        pair.master().kill9();

        awaitBalancerSendsEverythingTo(pair.slave());
        assertThat(HttpOnce.get(balancer, 8444, "/", Duration.ofSeconds(5)).body()).isEqualTo("Slave is active");
    }

    @Test
    void plannedSwitchoverToTheSlaveAndBackLosesNoRequest() {
        List<ServiceTraffic.Request> requests;
        try (ServiceTraffic traffic = ServiceTraffic.start(HAProxyEndToEndTest::serviceRequest)) {
            assertThat(pair.master().switchover().code()).isEqualTo(202);
            awaitBalancerSendsEverythingTo(pair.slave());
            assertThat(pair.master().switchover().code()).isEqualTo(202);
            awaitBalancerSendsEverythingTo(pair.master());
            requests = traffic.stop();
        }
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
        assertThat(nodesThatAnswered(requests)).containsExactlyInAnyOrder("master", "slave");
    }

    @Test
    void sigtermOfTheActiveMasterLosesNoRequest() {
        List<ServiceTraffic.Request> requests;
        int exitCode;
        try (ServiceTraffic traffic = ServiceTraffic.start(HAProxyEndToEndTest::serviceRequest)) {
            pair.master().sigterm();
            exitCode = pair.master().awaitExit(Patience.EXIT);
            // Keep sending a while after the exit: a balancer still sending to the dead node would show now.
            int atExit = traffic.count();
            await("traffic after the exit").atMost(Patience.SETTLE).until(() -> traffic.count() >= atExit + 50);
            requests = traffic.stop();
        }
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
        assertThat(nodesThatAnswered(requests)).containsExactlyInAnyOrder("master", "slave");
        assertThat(pair.master().logOfThisRun()).contains("draining");
        assertThat(exitCode).as("exit code of the master after SIGTERM (the contract says 0)").isZero();
    }

    private static void awaitBalancerSendsEverythingTo(HaNodeProcess node) {
        await("balancer sends every request to " + node.name()).atMost(Patience.SETTLE).until(() ->
                IntStream.range(0, CONSECUTIVE).allMatch(i -> node.name().equals(answeredBy(serviceRequest()))));
    }

    /** One HTTPS request through the balancer's service frontend, on a new connection. */
    private static HttpOnce.Answer serviceRequest() {
        return HttpOnce.send(tls, balancer, 8443, "GET", "/api/v1/ha/status", NodeOptions.PASSWORD, Duration.ofSeconds(5));
    }

    private static String answeredBy(HttpOnce.Answer answer) {
        if (!answer.ok()) {
            return "(failed: " + answer.code() + ")";
        }
        try {
            return JSON.readTree(answer.body()).path("node").asText();
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    private static Set<String> nodesThatAnswered(List<ServiceTraffic.Request> requests) {
        return requests.stream().map(r -> answeredBy(r.answer())).collect(Collectors.toSet());
    }
}
