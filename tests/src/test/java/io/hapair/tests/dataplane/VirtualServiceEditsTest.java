package io.hapair.tests.dataplane;

import static io.hapair.tests.dataplane.DataPlaneApi.CERTIFICATES;
import static io.hapair.tests.dataplane.DataPlaneApi.SERVICES;
import static io.hapair.tests.dataplane.DataPlaneApi.awaitBalancerSendsTo;
import static io.hapair.tests.dataplane.DataPlaneApi.awaitServing;
import static io.hapair.tests.dataplane.DataPlaneApi.created;
import static io.hapair.tests.dataplane.DataPlaneApi.dataPlane;
import static io.hapair.tests.dataplane.DataPlaneApi.document;
import static io.hapair.tests.dataplane.DataPlaneApi.metric;
import static io.hapair.tests.dataplane.DataPlaneApi.parse;
import static io.hapair.tests.dataplane.DataPlaneApi.replace;
import static io.hapair.tests.dataplane.DataPlaneApi.serverStatus;
import static io.hapair.tests.dataplane.DataPlaneApi.with;
import static io.hapair.tests.fixture.ServiceTraffic.describe;
import static io.hapair.tests.fixture.ServiceTraffic.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HAProxyProcess;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.PemTrust;
import io.hapair.tests.fixture.RealServer;
import io.hapair.tests.fixture.ServiceTraffic;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What operators change, as the data plane of both nodes carries it out under traffic through the
 * cloud balancer: an edit is a hot reload that fails no request; an edit HAProxy refuses is a 400 that
 * stores nothing while the running configuration keeps serving; a real server's health shows in the
 * API and /metrics; a service created on the active node is ready on the standby.
 */
class VirtualServiceEditsTest {

    private static final int WEB = 8080;
    private static final int LATE = 8081;
    private static final int SECURE = 9443;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(91);
    static NodePair pair;
    static String balancer;
    static List<RealServer> realServers;
    static TlsCertificates www;
    static SSLSocketFactory trustingWww;

    @BeforeAll
    static void startPairRealServersAndBalancer() {
        pair = fixtures.pair("prefer-master");
        balancer = fixtures.nextAddress();
        realServers = List.of(fixtures.track(RealServer.start("rs1", fixtures.nextAddress(), 8080)),
                fixtures.track(RealServer.start("rs2", fixtures.nextAddress(), 8080)));
        fixtures.haproxy(HAProxyProcess.virtualServiceBalancerConfig(balancer, pair.nodes(), List.of(WEB, LATE, SECURE)),
                balancer, WEB);
        www = TlsCertificates.selfSigned("www.example.com", 2048);
        trustingWww = PemTrust.of(www.write(fixtures.workDir().resolve("www.pem")));

        created(pair.master(), SERVICES, web());
        created(pair.master(), CERTIFICATES, www.document("www"));
        created(pair.master(), SERVICES, secure());
    }

    @BeforeEach
    void masterActiveAndBalancerSendingToIt() {
        pair.reset(pair.master());
        awaitServing(pair.nodes(), "web");
        awaitServing(pair.nodes(), "secure");
        awaitBalancerSendsTo(pair.master(), pair.slave(), "web", () -> request(WEB));
    }

    @Test
    void editsOfAVirtualServiceUnderContinuousLoadFailNoRequest() throws Exception {
        int edits = 0;
        List<ServiceTraffic.Request> requests;
        try (ServiceTraffic traffic = ServiceTraffic.start(() -> request(WEB))) {
            for (int idle = 241; idle <= 250; idle++) {
                int sent = traffic.count();
                await("traffic between edits").atMost(Patience.SETTLE).until(() -> traffic.count() >= sent + 10);
                long appliedBefore = dataPlane(pair.master()).path("configuration").path("appliedAt").asLong();

                HttpOnce.Answer answer = replace(pair.master(), SERVICES, "web", with(web(), "idleTimeoutSeconds",
                        String.valueOf(idle)));

                assertThat(answer.code()).as(answer.body()).isEqualTo(200);
                await("edit " + idle + " reloaded on the master").atMost(Patience.SETTLE).ignoreExceptions()
                        .until(() -> {
                            JsonNode applied = dataPlane(pair.master()).path("configuration");
                            return applied.path("appliedAt").asLong() > appliedBefore
                                    && applied.path("how").asText().equals("reloaded");
                        });
                edits++;
            }
            int sent = traffic.count();
            await("traffic after the last edit").atMost(Patience.SETTLE).until(() -> traffic.count() >= sent + 50);
            requests = traffic.stop();
        }
        for (HaNodeProcess node : pair.nodes()) {
            await(node.name() + " runs the last edit").atMost(Patience.SETTLE).until(() ->
                    Files.readString(node.dataPlaneDir().resolve("haproxy.cfg")).contains("timeout client 250s"));
        }

        System.out.printf("data plane: %d hot reloads under load, %d of %d requests failed%n", edits,
                failed(requests).size(), requests.size());
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
    }

    @Test
    void aCertificateHaproxyCannotLoadIsRefusedAndTheOldOneKeepsServing() {
        TlsCertificates weak = TlsCertificates.selfSigned("www.example.com", 1024);

        HttpOnce.Answer answer = replace(pair.master(), CERTIFICATES, "www", weak.document("www"));

        assertThat(answer.code()).as(answer.body()).isEqualTo(400);
        assertThat(parse(answer.body()).path("errors")).as(answer.body()).anySatisfy(e -> {
            assertThat(e.path("field").asText()).isEqualTo("certificateChain");
            assertThat(e.path("message").asText()).contains("unable to load SSL certificate");
        });
        assertThat(document(pair.master(), CERTIFICATES, "www").path("certificateChain").asText().strip())
                .isEqualTo(www.chainPem().strip());
        HttpOnce.Answer https = HttpOnce.send(trustingWww, balancer, SECURE, "GET", "/", null, Duration.ofSeconds(5));
        assertThat(https.code()).as("https with the old certificate: " + https).isEqualTo(200);
        assertThat(request(WEB).code()).isEqualTo(200);
        assertThat(dataPlane(pair.master()).path("configuration").path("rejections")).isEmpty();
    }

    @Test
    void aServiceEditNamingACertificateHaproxyCannotLoadIsRefusedAndTheServiceKeepsServing() {
        // A certificate no service presents is not loaded, so HAProxy has nothing to say about it yet.
        created(pair.master(), CERTIFICATES, TlsCertificates.selfSigned("legacy.example.com", 1024).document("legacy"));
        try {
            HttpOnce.Answer answer = replace(pair.master(), SERVICES, "secure", with(secure(), "certificates",
                    "[\"legacy\"]"));

            assertThat(answer.code()).as(answer.body()).isEqualTo(400);
            assertThat(parse(answer.body()).path("errors")).as(answer.body()).anySatisfy(e -> {
                assertThat(e.path("field").asText()).isEqualTo("vs-certificates/legacy certificateChain");
                assertThat(e.path("message").asText()).contains("unable to load SSL certificate");
            });
            assertThat(document(pair.master(), SERVICES, "secure").path("certificates").toString())
                    .isEqualTo("[\"www\"]");
            HttpOnce.Answer https = HttpOnce.send(trustingWww, balancer, SECURE, "GET", "/", null,
                    Duration.ofSeconds(5));
            assertThat(https.code()).as("https with the old certificate: " + https).isEqualTo(200);
            assertThat(https.body()).isIn("rs1", "rs2");
        } finally {
            pair.master().api("DELETE", CERTIFICATES + "/legacy");
        }
    }

    @Test
    void aRealServerThatStopsAnsweringIsShownDownUntilItComesBack() {
        RealServer rs2 = realServers.get(1);
        String server = rs2.address() + ":" + rs2.port();
        List<ServiceTraffic.Request> requests;
        long stoppedAt;
        long downAt;
        long startedAt;
        long upAt;
        try (ServiceTraffic traffic = ServiceTraffic.start(() -> request(WEB))) {
            await("traffic before").atMost(Patience.SETTLE).until(() -> traffic.count() >= 20);
            stoppedAt = System.currentTimeMillis();
            rs2.stop();
            try {
                await("rs2 down on the master").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions().until(() -> serverStatus(pair.master(), "web", rs2).orElse("").equals("down"));
                downAt = System.currentTimeMillis();
                await("rs2 down on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                        .until(() -> serverStatus(pair.slave(), "web", rs2).orElse("").equals("down"));
                // A scrape reads HAProxy's statistics as it is answered: what the API's status just said.
                assertThat(metric(pair.master(), "hanode_real_server_up", "vs", "web", "server", server)).hasValue(0);
                assertThat(metric(pair.master(), "hanode_real_server_up", "vs", "web", "server",
                        realServers.get(0).address() + ":" + realServers.get(0).port())).hasValue(1);
                int sent = traffic.count();
                await("traffic while rs2 is down").atMost(Patience.SETTLE).until(() -> traffic.count() >= sent + 20);
            } finally {
                startedAt = System.currentTimeMillis();
                rs2.start();
            }
            await("rs2 up on the master").atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> serverStatus(pair.master(), "web", rs2).orElse("").equals("up"));
            upAt = System.currentTimeMillis();
            await("rs2 up on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> serverStatus(pair.slave(), "web", rs2).orElse("").equals("up"));
            assertThat(metric(pair.master(), "hanode_real_server_up", "vs", "web", "server", server)).hasValue(1);
            requests = traffic.stop();
        }

        long finalDownAt = downAt;
        List<ServiceTraffic.Request> whileDown = requests.stream()
                .filter(r -> r.epochMillis() > finalDownAt && r.epochMillis() < startedAt).toList();
        System.out.printf("data plane: a stopped real server was marked down after %d ms and up again %d ms after "
                        + "it started (checks every 1 s, fall 2, rise 2); %d of %d requests failed%n",
                downAt - stoppedAt, upAt - startedAt, failed(requests).size(), requests.size());
        assertThat(whileDown).as("requests while rs2 was down").isNotEmpty()
                .allSatisfy(r -> assertThat(r.answer().body()).isEqualTo("rs1"));
        assertThat(failed(requests)).as(describe(failed(requests), requests)).isEmpty();
    }

    @Test
    void aServiceCreatedOnTheActiveNodeServesFromTheStandbyAfterASwitchover() {
        assertThat(request(LATE).ok()).as("nothing serves the port before the service exists").isFalse();
        try {
            created(pair.master(), SERVICES, DataPlaneApi.httpService("late", balancer, LATE, realServers));
            awaitServing(pair.nodes(), "late");

            HttpOnce.Answer fromStandby = HttpOnce.get(pair.slave().address(), LATE, "/", Duration.ofSeconds(5));
            assertThat(fromStandby.body()).as("the standby's own listener: " + fromStandby).isIn("rs1", "rs2");
            assertThat(pair.master().switchover().code()).isEqualTo(202);
            awaitBalancerSendsTo(pair.slave(), pair.master(), "late", () -> request(LATE));

            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                HttpOnce.Answer answer = request(LATE);
                assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
                answeredBy.add(answer.body());
            }
            assertThat(answeredBy).containsExactlyInAnyOrder("rs1", "rs2");
        } finally {
            pair.reset(pair.master());
            pair.master().api("DELETE", SERVICES + "/late");
        }
    }

    private static String web() {
        return DataPlaneApi.httpService("web", balancer, WEB, realServers);
    }

    private static String secure() {
        return with(with(DataPlaneApi.httpService("secure", balancer, SECURE, realServers), "protocol", "\"https\""),
                "certificates", "[\"www\"]");
    }

    /** One request through the balancer to the service published on {@code port}, on a new connection. */
    private static HttpOnce.Answer request(int port) {
        return HttpOnce.get(balancer, port, "/", Duration.ofSeconds(5));
    }
}
