package io.hapair.tests.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RsyslogReceiver;
import io.hapair.tests.fixture.RsyslogReceiver.Received;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Syslog targets take effect: stored on one node and synced, they make both nodes send their log to a real
 * receiver (rsyslog) over UDP, TCP and TLS, as RFC 5424 that rsyslog parses field by field; a target that cannot be
 * reached shows in /metrics and costs the node nothing else.
 */
class SyslogTargetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(60);
    static NodePair pair;
    static RsyslogReceiver receiver;
    static String udpHost;
    static String tcpHost;
    static String tlsHost;

    @BeforeAll
    static void start() throws Exception {
        pair = fixtures.pair("prefer-master");
        udpHost = fixtures.nextAddress();
        tcpHost = fixtures.nextAddress();
        tlsHost = fixtures.nextAddress();
        receiver = fixtures.track(RsyslogReceiver.start(fixtures.workDir().resolve("rsyslog"), udpHost, tcpHost,
                tlsHost));
    }

    /** Stores the target under its host (the document's id), new or replacing the one there. */
    private static void put(HaNodeProcess node, ObjectNode target) {
        HttpOnce.Answer answer = node.api("PUT", "/api/v1/syslog-targets/" + target.path("host").asText(),
                target.toString(), null);
        assertThat(answer.code()).as(answer.body()).isIn(200, 201);
    }

    @Test
    void bothNodesSendTheirLogToEveryTargetOverUdpTcpAndTls() throws Exception {
        put(pair.master(), JSON.createObjectNode().put("host", udpHost).put("facility", "local4"));
        put(pair.master(), JSON.createObjectNode().put("host", tcpHost).put("transport", "tcp"));
        put(pair.master(), JSON.createObjectNode().put("host", tlsHost).put("transport", "tls")
                .put("severity", "warning").put("caCertificate", receiver.caPem()));
        // Synced: the slave sends too once it has them.
        await("the slave has the three targets").atMost(Patience.SETTLE).until(() ->
                pair.slave().apiJson("/api/v1/syslog-targets").path("items").size() >= 3);

        // A switchover and back: each node logs its transitions with their reasons.
        assertThat(pair.master().switchover().code()).isEqualTo(202);
        pair.awaitSettledWith(pair.slave(), Patience.SETTLE);
        assertThat(pair.master().switchover().code()).isEqualTo(202);
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
        // A refused login on each: a warning.
        for (HaNodeProcess node : pair.nodes()) {
            assertThat(node.apiAs("not-the-password", "GET", "/api/v1/ha/status").code()).isEqualTo(401);
        }

        for (String transport : List.of("udp", "tcp")) {
            String facility = transport.equals("udp") ? "local4" : "daemon";
            await(transport + ": both nodes' transitions and refused logins").atMost(DELIVERY).untilAsserted(() -> {
                List<Received> got = receiver.received(transport);
                for (String node : List.of("master", "slave")) {
                    assertThat(got).as(transport + " from " + node).anySatisfy(r -> {
                        assertThat(r.hostname()).isEqualTo(node);
                        assertThat(r.msgId()).isEqualTo("RoleShell");
                        assertThat(r.text()).containsPattern("-> (active|standby): ");
                    }).anySatisfy(r -> {
                        assertThat(r.hostname()).isEqualTo(node);
                        assertThat(r.msgId()).isEqualTo("FailedLogins");
                        assertThat(r.severity()).isEqualTo("warning");
                    });
                }
                assertThat(got).allSatisfy(r -> {
                    assertThat(r.appName()).isEqualTo("hanode");
                    assertThat(r.procId()).matches("[0-9]+");
                    assertThat(r.facility()).isEqualTo(facility);
                    assertThat(r.structuredData()).startsWith("[origin software=\"ha-pair\" swVersion=\"")
                            .contains("[meta sequenceId=\"");
                });
            });
        }
        // The tls target takes warnings and worse: the refused logins, none of the transitions.
        await("tls: both nodes' refused logins").atMost(DELIVERY).untilAsserted(() -> {
            List<Received> got = receiver.received("tls");
            assertThat(got).extracting(Received::hostname).contains("master", "slave");
            assertThat(got).allSatisfy(r -> assertThat(r.severity()).isIn("warning", "err", "crit", "alert", "emerg"));
            assertThat(got).anySatisfy(r -> assertThat(r.msgId()).isEqualTo("FailedLogins"));
        });
        for (HaNodeProcess node : pair.nodes()) {
            assertThat(metrics(node)).contains("hanode_syslog_target_up{target=\"tls://" + tlsHost + ":6514\"} 1.0")
                    .containsPattern("hanode_syslog_messages_total\\{outcome=\"sent\",target=\"udp://"
                            + udpHost.replace(".", "\\.") + ":514\"} [1-9]");
        }
    }

    @Test
    void aTargetThatCannotBeReachedShowsInMetricsAndCostsNothingElse() throws IOException {
        String nobody = fixtures.nextAddress();
        put(pair.master(), JSON.createObjectNode().put("host", nobody).put("transport", "tcp"));
        put(pair.master(), JSON.createObjectNode().put("host", tcpHost).put("transport", "tcp"));

        await("the unreachable target shows down").atMost(DELIVERY).untilAsserted(() ->
                assertThat(metrics(pair.master())).contains("hanode_syslog_target_up{target=\"tcp://" + nobody
                        + ":514\"} 0.0"));
        long before = refusedLoginsFromMaster();

        assertThat(pair.master().apiAs("wrong", "GET", "/api/v1/ha/status").code()).isEqualTo(401);

        await("the other target still gets the log").atMost(DELIVERY).until(() -> refusedLoginsFromMaster() > before);
        assertThat(pair.master().healthCode()).isEqualTo(200);
        assertThat(pair.slave().healthCode()).isEqualTo(503);
    }

    private static long refusedLoginsFromMaster() throws IOException {
        return receiver.received("tcp").stream()
                .filter(r -> r.hostname().equals("master") && r.msgId().equals("FailedLogins")).count();
    }

    private static String metrics(HaNodeProcess node) {
        HttpOnce.Answer answer = node.api("GET", "/metrics");
        assertThat(answer.code()).isEqualTo(200);
        return answer.body();
    }
}
