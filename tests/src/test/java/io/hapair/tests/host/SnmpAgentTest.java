package io.hapair.tests.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.SnmpTools;
import io.hapair.tests.fixture.SnmpTrapReceiver;
import io.hapair.tests.fixture.SnmpTrapReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SNMP settings take effect: stored on one node and synced, they make both nodes' agents answer Debian's
 * snmpget and snmpwalk (SNMPv2c with the community, SNMPv3 authPriv with the user) with the system group and
 * HAPAIR-MIB's HA group, nothing to a wrong community or user, and send a real snmptrapd their role transitions
 * and the loss and return of the partner, as traps (v2c, v3) and informs (v3) that snmptrapd decodes by MIB name.
 */
class SnmpAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    // Not 161: an snmpd on the host listening on every address would hold it on the test's addresses too.
    private static final int AGENT_PORT = 16161;
    private static final int TRAP_PORT = 16162;
    private static final String COMMUNITY = "n0t-public";
    private static final String USER = "monitor";
    private static final String AUTH = "auth-pass-1";
    private static final String PRIV = "priv-pass-1";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(67);
    static NodePair pair;
    static SnmpTools tools;
    static SnmpTrapReceiver receiver;
    static String v2cReceiver;
    static String v3Receiver;
    static String v3TrapReceiver;

    @BeforeAll
    static void start() throws Exception {
        pair = fixtures.pair("prefer-master");
        v2cReceiver = fixtures.nextAddress();
        v3Receiver = fixtures.nextAddress();
        v3TrapReceiver = fixtures.nextAddress();
        tools = SnmpTools.in(fixtures.workDir().resolve("mibs"));
        receiver = fixtures.track(SnmpTrapReceiver.start(fixtures.workDir().resolve("snmptrapd"), tools,
                List.of(v2cReceiver, v3Receiver, v3TrapReceiver), TRAP_PORT, "traptest", USER, AUTH, PRIV,
                List.of(engineId("master"), engineId("slave"))));
        ObjectNode snmp = JSON.createObjectNode().put("enabled", true).put("port", AGENT_PORT)
                .put("community", COMMUNITY).put("location", "rack 4").put("contact", "ops@example.com");
        snmp.putArray("users").addObject().put("name", USER).put("authProtocol", "sha-256")
                .put("authPassphrase", AUTH).put("privPassphrase", PRIV);
        snmp.putArray("trapTargets")
                .add(JSON.createObjectNode().put("host", v2cReceiver).put("port", TRAP_PORT).put("community", "traptest"))
                .add(JSON.createObjectNode().put("host", v3Receiver).put("port", TRAP_PORT).put("user", USER)
                        .put("inform", true))
                .add(JSON.createObjectNode().put("host", v3TrapReceiver).put("port", TRAP_PORT).put("user", USER));
        HttpOnce.Answer answer = pair.master().api("PUT", "/api/v1/snmp", snmp.toString(), null);
        assertThat(answer.code()).as(answer.body()).isIn(200, 201);
        for (HaNodeProcess node : pair.nodes()) {
            await(node.name() + "'s agent answers").atMost(Patience.SETTLE).until(() ->
                    v2c(node, "get", "SNMPv2-MIB::sysName.0").exitCode() == 0);
        }
    }

    /** The agent's SNMPv3 engine ID as README gives it: 0x80007ED904 and the node's name in hex. */
    private static String engineId(String nodeName) {
        return "0x80007ED904" + HexFormat.of().formatHex(nodeName.getBytes(StandardCharsets.US_ASCII));
    }

    private static String[] withTarget(HaNodeProcess node, List<String> security, String... args) {
        List<String> all = new ArrayList<>(security);
        all.addAll(List.of("-t", "2", "-r", "1", node.address() + ":" + AGENT_PORT));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static SnmpTools.Result v2c(HaNodeProcess node, String tool, String... args) throws Exception {
        return tools.net("snmp" + tool, withTarget(node, List.of("-v", "2c", "-c", COMMUNITY), args));
    }

    private static SnmpTools.Result v3(HaNodeProcess node, String user, String auth, String tool, String... args)
            throws Exception {
        return tools.net("snmp" + tool, withTarget(node, List.of("-v", "3", "-l", "authPriv", "-u", user,
                "-a", "SHA-256", "-A", auth, "-x", "AES", "-X", PRIV), args));
    }

    @Test
    void theMibPassesSmilint() throws Exception {
        SnmpTools.Result lint = tools.smilint(tools.hapairMib());

        assertThat(lint.exitCode()).isZero();
        assertThat(lint.stdout() + lint.stderr()).as("smilint's findings").isEmpty();
    }

    @Test
    void bothNodesAnswerTheSystemGroupAndTheHaGroupOverV2cAndV3() throws Exception {
        SnmpTools.Result walk = v2c(pair.master(), "walk", ".1.3.6.1");

        assertThat(walk.exitCode()).as(walk.stderr()).isZero();
        assertThat(walk.stdout().lines().toList()).contains(
                "SNMPv2-MIB::sysObjectID.0 = OID: HAPAIR-MIB::hapairNodeAgent",
                "SNMPv2-MIB::sysContact.0 = STRING: ops@example.com",
                "SNMPv2-MIB::sysName.0 = STRING: master",
                "SNMPv2-MIB::sysLocation.0 = STRING: rack 4",
                "SNMPv2-MIB::sysServices.0 = INTEGER: 72",
                "HAPAIR-MIB::haNodeName.0 = STRING: master",
                "HAPAIR-MIB::haMode.0 = INTEGER: master(1)",
                "HAPAIR-MIB::haActivity.0 = INTEGER: active(1)",
                "HAPAIR-MIB::haPartnerName.0 = STRING: slave",
                "HAPAIR-MIB::haPartnerLiveness.0 = INTEGER: alive(2)")
                .anyMatch(l -> l.startsWith("SNMPv2-MIB::sysDescr.0 = STRING: ha-pair node "))
                .anyMatch(l -> l.startsWith("SNMPv2-MIB::sysUpTime.0 = Timeticks: "))
                .anyMatch(l -> l.matches("HAPAIR-MIB::haSyncState.0 = INTEGER: (inSync|pending)\\([12]\\)"))
                .anyMatch(l -> l.startsWith("HAPAIR-MIB::haLastTransitionTime.0 = Timeticks: "));
        // The walk ends where the agent's objects do, with no error.
        assertThat(walk.stdout().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("HAPAIR-MIB::haLastTransitionTime.0");

        SnmpTools.Result get = v3(pair.slave(), USER, AUTH, "get", "SNMPv2-MIB::sysName.0",
                "HAPAIR-MIB::haActivity.0", "HAPAIR-MIB::haMode.0");

        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(get.stdout().lines().toList()).containsExactly("SNMPv2-MIB::sysName.0 = STRING: slave",
                "HAPAIR-MIB::haActivity.0 = INTEGER: standby(2)", "HAPAIR-MIB::haMode.0 = INTEGER: slave(2)");
    }

    @Test
    void aWrongCommunityOrUserGetsNothing() throws Exception {
        SnmpTools.Result community = tools.net("snmpget", "-v", "2c", "-c", "guess", "-t", "1", "-r", "0",
                pair.master().address() + ":" + AGENT_PORT, "SNMPv2-MIB::sysName.0");
        SnmpTools.Result user = v3(pair.master(), "intruder", AUTH, "get", "SNMPv2-MIB::sysName.0");
        SnmpTools.Result password = v3(pair.master(), USER, "wrong-pass-1", "get", "SNMPv2-MIB::sysName.0");
        SnmpTools.Result v1 = tools.net("snmpget", "-v", "1", "-c", COMMUNITY, "-t", "1", "-r", "0",
                pair.master().address() + ":" + AGENT_PORT, "SNMPv2-MIB::sysName.0");

        assertThat(community.exitCode()).isNotZero();
        assertThat(community.stdout()).isEmpty();
        assertThat(community.stderr()).contains("Timeout: No Response");
        assertThat(user.exitCode()).isNotZero();
        assertThat(user.stdout()).isEmpty();
        // SNMP4J's USM drops a request from a user it does not know; net-snmp waits for an answer in vain.
        assertThat(user.stderr()).contains("Timeout: No Response");
        assertThat(password.exitCode()).isNotZero();
        assertThat(password.stdout()).isEmpty();
        assertThat(password.stderr()).contains("Authentication fail");
        assertThat(v1.stdout()).as("SNMPv1 is not spoken").isEmpty();
    }

    @Test
    void theApiNeverShowsV3PassphrasesAndKeepsThemWhenTheDocumentIsWrittenBack() throws Exception {
        HttpOnce.Answer read = pair.master().api("GET", "/api/v1/snmp");
        assertThat(read.code()).isEqualTo(200);
        assertThat(read.body()).doesNotContain(AUTH, PRIV);
        JsonNode user = JSON.readTree(read.body()).path("users").path(0);
        assertThat(user.path("authPassphrase").asText()).isEqualTo("(stored; not shown)");

        ObjectNode edited = (ObjectNode) JSON.readTree(read.body());
        edited.put("location", "rack 5");
        HttpOnce.Answer written = pair.master().api("PUT", "/api/v1/snmp", edited.toString(), null);
        assertThat(written.code()).as(written.body()).isEqualTo(200);

        await("the agent says the new location over v3 with the kept passphrases").atMost(Patience.SETTLE)
                .untilAsserted(() -> assertThat(v3(pair.master(), USER, AUTH, "get", "SNMPv2-MIB::sysLocation.0")
                        .stdout()).isEqualTo("SNMPv2-MIB::sysLocation.0 = STRING: rack 5\n"));
    }

    @Test
    void aSwitchoverAndThePartnersLossAndReturnReachTheTrapTargetsAsV2cTrapsV3InformsAndV3Traps() throws Exception {
        int before = receiver.received().size();
        assertThat(pair.master().switchover().code()).isEqualTo(202);
        pair.awaitSettledWith(pair.slave(), Patience.SETTLE);

        await("both nodes' transitions, as v2c traps, v3 informs and v3 traps").atMost(DELIVERY).untilAsserted(() -> {
            List<Received> got = since(before);
            for (String security : List.of("TRAP2, SNMP v2c, community traptest", "INFORM, SNMP v3, user monitor",
                    "TRAP2, SNMP v3, user monitor")) {
                assertThat(got).as(security).anySatisfy(r -> {
                    assertThat(r.security()).startsWith(security);
                    assertThat(r.from()).startsWith("UDP: [" + pair.master().address() + "]:");
                    assertThat(r.name()).isEqualTo("HAPAIR-MIB::haRoleTransition");
                    assertThat(r.value("HAPAIR-MIB::haNodeName.0")).isEqualTo("STRING: master");
                    assertThat(r.value("HAPAIR-MIB::haActivity.0")).isEqualTo("INTEGER: standby(2)");
                    assertThat(r.value("HAPAIR-MIB::haLastTransitionReason.0"))
                            .isEqualTo("STRING: operator-switchover");
                    assertThat(r.value("HAPAIR-MIB::haPartnerLiveness.0")).isEqualTo("INTEGER: alive(2)");
                    assertThat(r.value("SNMPv2-MIB::sysUpTime.0")).startsWith("Timeticks: ");
                }).anySatisfy(r -> {
                    assertThat(r.security()).startsWith(security);
                    assertThat(r.from()).startsWith("UDP: [" + pair.slave().address() + "]:");
                    assertThat(r.name()).isEqualTo("HAPAIR-MIB::haRoleTransition");
                    assertThat(r.value("HAPAIR-MIB::haNodeName.0")).isEqualTo("STRING: slave");
                    assertThat(r.value("HAPAIR-MIB::haActivity.0")).isEqualTo("INTEGER: active(1)");
                    assertThat(r.value("HAPAIR-MIB::haLastTransitionReason.0"))
                            .isEqualTo("STRING: partner-handing-over");
                });
            }
        });
        assertThat(pair.master().switchover().code()).isEqualTo(202);
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);

        int beforeLoss = receiver.received().size();
        pair.slave().sigterm();
        pair.slave().awaitExit(Patience.EXIT);
        await("the master's partner-lost notifications").atMost(DELIVERY).untilAsserted(() ->
                assertThat(since(beforeLoss)).filteredOn(from(pair.master(), "HAPAIR-MIB::haPartnerLost"))
                        .hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> {
                            assertThat(r.value("HAPAIR-MIB::haPartnerName.0")).isEqualTo("STRING: slave");
                            assertThat(r.value("HAPAIR-MIB::haPartnerLiveness.0")).isEqualTo("INTEGER: dead(4)");
                            assertThat(r.value("HAPAIR-MIB::haActivity.0")).isEqualTo("INTEGER: active(1)");
                        }).extracting(Received::security).anyMatch(s -> s.startsWith("TRAP2, SNMP v2c"))
                        .anyMatch(s -> s.startsWith("INFORM, SNMP v3"))
                        .anyMatch(s -> s.startsWith("TRAP2, SNMP v3")));

        int beforeReturn = receiver.received().size();
        pair.startMissing();
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
        await("the master's partner-returned notifications").atMost(DELIVERY).untilAsserted(() ->
                assertThat(since(beforeReturn)).filteredOn(from(pair.master(), "HAPAIR-MIB::haPartnerReturned"))
                        .hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(
                                r.value("HAPAIR-MIB::haPartnerLiveness.0")).isEqualTo("INTEGER: alive(2)")));
        await("the informs are acknowledged, as /metrics counts").atMost(DELIVERY).untilAsserted(() ->
                assertThat(pair.master().api("GET", "/metrics").body())
                        .containsPattern("hanode_snmp_notifications_total\\{outcome=\"acknowledged\"} [1-9]")
                        .contains("hanode_snmp_notifications_total{outcome=\"failed\"} 0.0")
                        .contains("hanode_snmp_agent_as_stored 1.0"));
    }

    private static List<Received> since(int count) throws Exception {
        List<Received> all = receiver.received();
        return all.subList(Math.min(count, all.size()), all.size());
    }

    private static Predicate<Received> from(HaNodeProcess node, String notification) {
        return r -> r.from().startsWith("UDP: [" + node.address() + "]:") && r.name().equals(notification);
    }
}
