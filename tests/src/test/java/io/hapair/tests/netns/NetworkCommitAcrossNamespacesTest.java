package io.hapair.tests.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node-local network settings take effect on a real host, as confirmed commits: a pair in network
 * namespaces of its own, each node applying its settings with iproute2 to its namespace (host-network:
 * apply), and what the host has read with {@code ip} from outside; the tests probe the master as the balancer
 * would. A change stays once confirmed, is rolled
 * back when not confirmed in time, and is rolled back at once, before the partner takes over, when it cuts
 * the node off its partner or off the balancer's probes; a node killed while a change waits starts with the
 * settings from before it.
 */
@Tag(NodeNamespaces.TAG)
class NetworkCommitAcrossNamespacesTest {

    private static final int NUMBER = 69;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(6);
    private static final String BALANCER = "10.213." + NUMBER + ".254";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(NUMBER);

    private static NodeNamespaces net;
    private static NodePair pair;

    @BeforeAll
    static void startPair() {
        net = fixtures.track(NodeNamespaces.create(NUMBER));
        pair = fixtures.pairOf("prefer-master",
                net.master("prefer-master").with("--host-network", "apply",
                        "--network-confirm-timeout", CONFIRM_TIMEOUT.toSeconds() + "s"),
                net.slave("prefer-master").with("--host-network", "apply"));
    }

    @BeforeEach
    void settledPairWithNothingPending() {
        pair.reset(pair.master());
        HttpOnce.Answer rollback = pair.master().api("POST", "/api/v1/network-commit/rollback");
        assertThat(rollback.code()).as("rolling back what the last test left: %s", rollback.body()).isIn(200, 409);
    }

    @Test
    void aConfirmedChangeTakesEffectOnTheHostAndStays() throws InterruptedException {
        HaNodeProcess master = pair.master();

        try (HealthPoller balancer = HealthPoller.start(master)) {
            HttpOnce.Answer route = put(master, "routes/to-lab", "{\"name\":\"to-lab\",\"destination\":\"10.99.0.0/16\","
                    + "\"gateway\":\"" + BALANCER + "\",\"interfaceName\":\"eth0\"}");
            put(master, "vxlans/vxlan77", "{\"name\":\"vxlan77\",\"vni\":77,\"interfaceName\":\"eth0\",\"remote\":\""
                    + net.second().address() + "\",\"addresses\":[\"172.31.77.1/24\"]}");
            put(master, "interfaces/eth0", "{\"name\":\"eth0\",\"mtu\":1400,\"additionalAddresses\":[\"10.213."
                    + NUMBER + ".11/24\"]}");

            assertThat(route.body()).contains("confirm it within " + CONFIRM_TIMEOUT.toSeconds() + " s");
            assertThat(ip("route", "show", "10.99.0.0/16")).contains("via " + BALANCER + " dev eth0");
            assertThat(ip("-d", "link", "show", "vxlan77")).contains("vxlan id 77 remote " + net.second().address())
                    .contains("dstport 4789");
            assertThat(ip("addr", "show", "vxlan77")).contains("172.31.77.1/24");
            assertThat(ip("link", "show", "eth0")).contains("mtu 1400");
            assertThat(ip("addr", "show", "eth0")).contains("10.213." + NUMBER + ".11/24");
            JsonNode pending = master.apiJson("/api/v1/network-commit").path("pending");
            assertThat(pending.path("watchingPartner").asBoolean()).as("pending: %s", pending).isTrue();
            assertThat(pending.path("watchingProbes").asBoolean()).as("pending: %s", pending).isTrue();

            assertThat(master.api("POST", "/api/v1/network-commit/confirm").code()).isEqualTo(200);
            Thread.sleep(CONFIRM_TIMEOUT.plusSeconds(2).toMillis());
        }

        assertThat(ip("route", "show", "10.99.0.0/16")).as("the route after the timeout").contains("via " + BALANCER);
        assertThat(ip("-d", "link", "show", "vxlan77")).contains("vxlan id 77");
        assertThat(master.api("GET", "/api/v1/routes/to-lab").code()).isEqualTo(200);
        JsonNode commit = master.apiJson("/api/v1/network-commit");
        assertThat(commit.has("pending")).as("%s", commit).isFalse();
        JsonNode readings = master.apiJson("/api/v1/host-readings");
        assertThat(readings.path("readings").findValues("setting")).extracting(JsonNode::asText)
                .contains("routes", "vxlans", "interfaces");
        assertThat(readings.path("readings").findParents("setting")).filteredOn(r -> r.path("drift").asBoolean())
                .as("drift after a confirmed change").isEmpty();

        for (String doc : new String[] {"routes/to-lab", "vxlans/vxlan77", "interfaces/eth0"}) {
            assertThat(master.api("DELETE", "/api/v1/" + doc).code()).isEqualTo(204);
        }
        assertThat(master.api("POST", "/api/v1/network-commit/confirm").code()).isEqualTo(200);
        assertThat(ip("route", "show", "10.99.0.0/16")).isBlank();
        assertThat(Commands.attempt("", "ip", "-n", net.first().namespace(), "link", "show", "vxlan77").ok()).isFalse();
        assertThat(ip("addr", "show", "eth0")).doesNotContain("10.213." + NUMBER + ".11/24");
    }

    /**
     * This machine's kernel may lack 802.1Q (CONFIG_VLAN_8021Q): then the node must refuse the VLAN, naming the
     * command and the kernel's answer, and keep nothing of it.
     */
    @Test
    void aVlanIsAppliedWhereTheKernelHasThemAndRefusedWithTheReasonWhereItHasNot() {
        HaNodeProcess master = pair.master();
        boolean kernelHasVlans = Commands.attempt("", "ip", "-n", net.first().namespace(), "link", "add", "link", "eth0",
                "name", "probe.4000", "type", "vlan", "id", "4000").ok();
        Commands.attempt("", "ip", "-n", net.first().namespace(), "link", "del", "probe.4000");

        HttpOnce.Answer answer = master.api("PUT", "/api/v1/vlans/eth0.100",
                "{\"interfaceName\":\"eth0\",\"vlanId\":100,\"addresses\":[\"192.168.100.1/24\"]}", null);

        if (kernelHasVlans) {
            assertThat(answer.code()).as(answer.body()).isIn(200, 201);
            assertThat(ip("-d", "link", "show", "eth0.100")).contains("vlan protocol 802.1Q id 100");
            assertThat(ip("addr", "show", "eth0.100")).contains("192.168.100.1/24");
            assertThat(master.api("DELETE", "/api/v1/vlans/eth0.100").code()).isEqualTo(204);
            assertThat(master.api("POST", "/api/v1/network-commit/confirm").code()).isEqualTo(200);
        } else {
            assertThat(answer.code()).as(answer.body()).isEqualTo(422);
            assertThat(answer.body()).contains("ip link add link eth0 name eth0.100 type vlan id 100")
                    .contains("Unknown device type");
            assertThat(master.api("GET", "/api/v1/vlans/eth0.100").code()).isEqualTo(404);
            assertThat(master.apiJson("/api/v1/network-commit").has("pending")).isFalse();
        }
        assertThat(Commands.attempt("", "ip", "-n", net.first().namespace(), "link", "show", "eth0.100").ok())
                .as("eth0.100 after the test").isFalse();
    }

    /** The partner stopped and the probes flowing: nothing but the timeout rolls the change back. */
    @Test
    void aChangeNotConfirmedIsRolledBackAfterTheTimeout() {
        HaNodeProcess master = pair.master();
        pair.slave().kill9();
        pair.awaitPartnerDeadAt(master);

        try (HealthPoller balancer = HealthPoller.start(master)) {
            balancer.awaitSamples(20);
            long changedAt = System.currentTimeMillis();
            put(master, "routes/unconfirmed", "{\"name\":\"unconfirmed\",\"destination\":\"10.98.0.0/16\","
                    + "\"gateway\":\"" + BALANCER + "\"}");
            assertThat(ip("route", "show", "10.98.0.0/16")).contains("via " + BALANCER);
            JsonNode pending = master.apiJson("/api/v1/network-commit").path("pending");
            assertThat(pending.path("watchingPartner").asBoolean()).as("pending: %s", pending).isFalse();

            await("the unconfirmed change rolled back").atMost(CONFIRM_TIMEOUT.plusSeconds(10))
                    .until(() -> master.apiJson("/api/v1/network-commit").path("lastRollback").path("at").asLong()
                            >= changedAt);
        }
        assertThat(master.apiJson("/api/v1/network-commit").path("lastRollback").path("reason").asText())
                .isEqualTo("not confirmed within " + CONFIRM_TIMEOUT.toSeconds() + " s");
        assertThat(ip("route", "show", "10.98.0.0/16")).as("the route on the host").isBlank();
        assertThat(master.api("GET", "/api/v1/routes/unconfirmed").code()).as("the stored route").isEqualTo(404);
    }

    @Test
    void aChangeThatCutsThePeerLinkIsRolledBackBeforeThePartnerTakesOver() {
        HaNodeProcess master = pair.master();
        long slaveTakeovers = Transitions.toActive(pair.slave());

        // The answer itself crosses eth0, so it arrives once the rollback brought the link back.
        HttpOnce.Answer answer = put(master, "interfaces/eth0", "{\"name\":\"eth0\",\"linkUp\":false}");

        await("the link-cutting change rolled back (the PUT answered " + answer.code() + ")").atMost(Duration.ofSeconds(10))
                .until(() -> master.apiJson("/api/v1/network-commit").path("lastRollback").path("reason").asText()
                        .startsWith("the partner's heartbeats stopped reaching this node after the change"));
        assertThat(ip("link", "show", "eth0")).contains("state UP");
        assertThat(master.api("GET", "/api/v1/interfaces/eth0").code()).as("the stored interface").isEqualTo(404);
        assertThat(Transitions.toActive(pair.slave()) - slaveTakeovers).as("takeovers by the slave").isZero();
        assertThat(pair.settledWith(master)).as(pair.describe()).isTrue();
    }

    @Test
    void aChangeThatCutsTheBalancersProbesIsRolledBackWithoutCuttingThePartner() {
        HaNodeProcess master = pair.master();
        long slaveTakeovers = Transitions.toActive(pair.slave());
        String toBalancer = "{\"name\":\"balancer-astray\",\"destination\":\"" + BALANCER + "/32\",\"gateway\":\""
                + net.second().address() + "\"}";

        try (HealthPoller probes = HealthPoller.start(master)) {
            probes.awaitSamples(20);
            // The slave forwards nothing: the answers to the balancer (and this request's) are lost until the rollback.
            put(master, "routes/balancer-astray", toBalancer);
            await("the probe-cutting route rolled back").atMost(Duration.ofSeconds(20))
                    .until(() -> master.apiJson("/api/v1/network-commit").path("lastRollback").path("reason").asText()
                            .startsWith("the balancer's probes stopped reaching this node after the change"));
        }

        assertThat(ip("route", "show", BALANCER + "/32")).isBlank();
        assertThat(master.api("GET", "/api/v1/routes/balancer-astray").code()).isEqualTo(404);
        assertThat(Transitions.toActive(pair.slave()) - slaveTakeovers).as("takeovers by the slave").isZero();
    }

    @Test
    void aNodeKilledWhileAChangeWaitsStartsWithTheSettingsFromBeforeIt() {
        HaNodeProcess master = pair.master();
        put(master, "routes/before-crash", "{\"name\":\"before-crash\",\"destination\":\"10.97.0.0/16\",\"gateway\":\""
                + BALANCER + "\"}");
        assertThat(master.api("POST", "/api/v1/network-commit/confirm").code()).isEqualTo(200);
        put(master, "routes/during-crash", "{\"name\":\"during-crash\",\"destination\":\"10.96.0.0/16\",\"gateway\":\""
                + BALANCER + "\"}");

        master.kill9();
        master.start();
        master.awaitStarted(Patience.START);

        await("the unconfirmed route rolled back at start").atMost(Patience.SETTLE)
                .until(() -> ip("route", "show", "10.96.0.0/16").isBlank());
        assertThat(ip("route", "show", "10.97.0.0/16")).as("the confirmed route").contains("via " + BALANCER);
        assertThat(master.api("GET", "/api/v1/routes/during-crash").code()).isEqualTo(404);
        assertThat(master.api("GET", "/api/v1/routes/before-crash").code()).isEqualTo(200);
        assertThat(master.api("DELETE", "/api/v1/routes/before-crash").code()).isEqualTo(204);
        assertThat(master.api("POST", "/api/v1/network-commit/confirm").code()).isEqualTo(200);
    }

    /** {@code PUT /api/v1/PATH}, which must be stored (200 or 201). */
    private static HttpOnce.Answer put(HaNodeProcess node, String path, String json) {
        HttpOnce.Answer answer = node.api("PUT", "/api/v1/" + path, json, null);
        assertThat(answer.code()).as("PUT %s: %s %s", path, answer.body(), answer.error()).isIn(200, 201);
        return answer;
    }

    /** {@code ip ARGS} in the master's namespace. */
    private static String ip(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "ip";
        command[1] = "-n";
        command[2] = net.first().namespace();
        System.arraycopy(args, 0, command, 3, args.length);
        return Commands.run(command);
    }
}
