package io.hapair.tests.dataplane;

import static io.hapair.tests.dataplane.DataPlaneApi.awaitBalancerSendsTo;
import static io.hapair.tests.dataplane.DataPlaneApi.awaitServing;
import static io.hapair.tests.dataplane.DataPlaneApi.created;
import static io.hapair.tests.dataplane.DataPlaneApi.totalSessions;
import static io.hapair.tests.fixture.ServiceTraffic.describe;
import static io.hapair.tests.fixture.ServiceTraffic.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.EchoServer;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HAProxyProcess;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RealServer;
import io.hapair.tests.fixture.ServiceTraffic;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client -> cloud balancer (HAProxy, probing 8444) -> the active node's data plane -> real servers:
 * the balancer sends a virtual service's traffic to the active node only, a crash moves it to the
 * other node, and planned handovers (switchover, SIGTERM) fail no request and cut no open connection
 * before the stopping node's drain ends.
 */
class DataPlaneFailoverTest {

    private static final int WEB = 8080;
    private static final int ECHO = 9000;
    private static final int ECHO_SERVER_PORT = 7000;
    private static final long SHUTDOWN_DRAIN_MS = 3_000;
    // "node: answering 503 now; draining for 3000 ms ...", after the log line's time stamp.
    private static final Pattern DRAIN_LINE = Pattern.compile("^(\\S+) .*node: answering 503 now; draining for (\\d+) ms",
            Pattern.MULTILINE);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(90);
    static NodePair pair;
    static String balancer;

    @BeforeAll
    static void startPairRealServersAndBalancer() {
        // The drain (3 s) outlasts the balancer's "fall 2" at a 1 s interval, so a SIGTERM loses nothing.
        pair = fixtures.pair("prefer-master", "--shutdown-drain", SHUTDOWN_DRAIN_MS / 1000 + "s");
        balancer = fixtures.nextAddress();
        List<RealServer> realServers = List.of(fixtures.track(RealServer.start("rs1", fixtures.nextAddress(), 8080)),
                fixtures.track(RealServer.start("rs2", fixtures.nextAddress(), 8080)));
        String echoAddress = fixtures.nextAddress();
        fixtures.track(EchoServer.start(echoAddress, ECHO_SERVER_PORT));
        fixtures.haproxy(HAProxyProcess.virtualServiceBalancerConfig(balancer, pair.nodes(), List.of(WEB, ECHO)),
                balancer, WEB);

        created(pair.master(), DataPlaneApi.SERVICES, DataPlaneApi.httpService("web", balancer, WEB, realServers));
        created(pair.master(), DataPlaneApi.SERVICES, DataPlaneApi.tcpService("echo", balancer, ECHO, echoAddress,
                ECHO_SERVER_PORT));
    }

    @BeforeEach
    void masterActiveAndBalancerSendingToIt() {
        pair.reset(pair.master());
        awaitServing(pair.nodes(), "web");
        awaitServing(pair.nodes(), "echo");
        awaitBalancerSendsTo(pair.master(), pair.slave(), "web", DataPlaneFailoverTest::request);
    }

    @Test
    void atSteadyStateOnlyTheActiveNodesDataPlaneCarriesTheTraffic() {
        long masterBefore = totalSessions(pair.master(), "web");
        long slaveBefore = totalSessions(pair.slave(), "web");
        Set<String> answeredBy = new HashSet<>();

        for (int i = 0; i < 50; i++) {
            HttpOnce.Answer answer = request();
            assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
            answeredBy.add(answer.body());
        }

        assertThat(answeredBy).containsExactlyInAnyOrder("rs1", "rs2");
        assertThat(totalSessions(pair.master(), "web") - masterBefore).isEqualTo(50);
        assertThat(totalSessions(pair.slave(), "web") - slaveBefore).isZero();
    }

    @Test
    void killingTheActiveNodeMovesTheTrafficToTheOtherNode() {
        long slaveBefore = totalSessions(pair.slave(), "web");
        List<ServiceTraffic.Request> requests;
        long killedAt;
        try (ServiceTraffic traffic = ServiceTraffic.start(DataPlaneFailoverTest::request)) {
            await("traffic before the kill").atMost(Patience.SETTLE).until(() -> traffic.count() >= 20);
            killedAt = System.currentTimeMillis();
            pair.master().crash();
            await("traffic answered by the slave").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> totalSessions(pair.slave(), "web") - slaveBefore >= 50);
            requests = traffic.stop();
        }

        List<ServiceTraffic.Request> failed = failed(requests);
        long lastFailureAt = failed.isEmpty() ? killedAt : failed.get(failed.size() - 1).epochMillis();
        List<ServiceTraffic.Request> afterLastFailure = requests.stream()
                .filter(r -> r.epochMillis() > lastFailureAt).toList();
        long answeredAgainAt = afterLastFailure.isEmpty() ? -1 : afterLastFailure.get(0).epochMillis();
        System.out.printf("data plane failover after kill -9 of the active node: %d of %d requests failed; "
                        + "requests succeed again %d ms after the kill (balancer probe every 1 s, fall 2)%n",
                failed.size(), requests.size(), answeredAgainAt - killedAt);
        // A request sent just before the kill may still be in flight when it happens: what counts is when it failed.
        assertThat(failed).as("requests fail only after the kill").allMatch(r -> r.answeredAtMillis() >= killedAt);
        assertThat(afterLastFailure).as("requests answered in a row after the last failure")
                .hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void aSwitchoverAndBackFailsNoRequestAndKeepsAnOpenConnection() throws Exception {
        List<ServiceTraffic.Request> requests;
        try (HeldConnection held = HeldConnection.open(balancer, ECHO);
             ServiceTraffic traffic = ServiceTraffic.start(DataPlaneFailoverTest::request)) {
            await("connection answers").atMost(Patience.SETTLE).until(() -> held.echoes() >= 3);

            assertThat(pair.master().switchover().code()).isEqualTo(202);
            awaitBalancerSendsTo(pair.slave(), pair.master(), "web", DataPlaneFailoverTest::request);
            int beforeSwitchingBack = held.echoes();
            await("connection still answers with the slave active").atMost(Patience.SETTLE)
                    .until(() -> held.echoes() >= beforeSwitchingBack + 5 || held.isBroken());
            assertThat(pair.master().switchover().code()).isEqualTo(202);
            awaitBalancerSendsTo(pair.master(), pair.slave(), "web", DataPlaneFailoverTest::request);
            int afterSwitchingBack = held.echoes();
            await("connection still answers with the master active again").atMost(Patience.SETTLE)
                    .until(() -> held.echoes() >= afterSwitchingBack + 5 || held.isBroken());

            requests = traffic.stop();
            assertThat(held.isBroken()).as(held.toString()).isFalse();
        }
        System.out.printf("data plane switchover and back: %d of %d requests failed%n", failed(requests).size(),
                requests.size());
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
    }

    @Test
    void sigtermOfTheActiveNodeFailsNoRequestAndKeepsAnOpenConnectionUntilTheDrainEnds() throws Exception {
        HaNodeProcess stopping = pair.master();
        List<ServiceTraffic.Request> requests;
        int exitCode;
        try (HeldConnection held = HeldConnection.open(balancer, ECHO);
             ServiceTraffic traffic = ServiceTraffic.start(DataPlaneFailoverTest::request)) {
            await("connection answers").atMost(Patience.SETTLE).until(() -> held.echoes() >= 3);

            stopping.sigterm();
            exitCode = stopping.awaitExit(Patience.EXIT);
            // Keep sending a while after the exit: a balancer still sending to the stopped node would show now.
            int atExit = traffic.count();
            await("traffic after the exit").atMost(Patience.SETTLE).until(() -> traffic.count() >= atExit + 50);
            requests = traffic.stop();

            Matcher drain = DRAIN_LINE.matcher(stopping.logOfThisRun());
            assertThat(drain.find()).as("the stopping node drained:\n" + stopping.logOfThisRun()).isTrue();
            long drainEndsAt = OffsetDateTime.parse(drain.group(1)).toInstant().toEpochMilli()
                    + Long.parseLong(drain.group(2));
            System.out.printf("data plane SIGTERM of the active node: %d of %d requests failed; the open connection "
                    + "answered until %d ms after the drain ended (%s)%n", failed(requests).size(), requests.size(),
                    held.lastEchoAt() - drainEndsAt, held);
            assertThat(held.lastEchoAt()).as("the open connection answered until the drain ended: " + held)
                    .isGreaterThanOrEqualTo(drainEndsAt);
        }
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
        assertThat(exitCode).as("exit code after SIGTERM").isZero();
    }

    /** One request through the balancer to the web service, on a new connection. */
    private static HttpOnce.Answer request() {
        return HttpOnce.get(balancer, WEB, "/", Duration.ofSeconds(5));
    }
}
