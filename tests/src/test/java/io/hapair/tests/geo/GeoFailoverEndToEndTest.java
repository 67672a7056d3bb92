package io.hapair.tests.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.geo.plan.GeoPlanner;
import io.hapair.geo.plan.GeoTopology;
import io.hapair.geo.plan.UnitPlan;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8, end to end: two real pairs and a standalone unit answer one GEO FQDN. Pair A (weight 2)
 * is answered while it is up, at whichever of its nodes is active; when both of its nodes are gone the
 * answer moves to pair B, and back to A when its master returns. Every unit gets, through its API as an
 * operator would, the lists {@code hanode geo plan} gives; the FQDN and clusters are written on the
 * standalone unit only and reach the pairs as GEO partners share them. Every unit is asked with dig.
 */
class GeoFailoverEndToEndTest {

    // The issue's addresses rather than a 127.20.x subnet, so the subnet below stays unused; the
    // ports are not the demo's (8443/8444/6973/10053), so this runs beside `./hanode demo` on 127.0.0.1/2.
    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(40);

    private static final String A_MASTER = "127.0.0.1";
    private static final String A_SLAVE = "127.0.0.2";
    private static final String B_MASTER = "127.0.0.3";
    private static final String B_SLAVE = "127.0.0.4";
    private static final String UNIT_C = "127.0.0.5";
    private static final String FQDN = "www.example.com";
    private static final String DNS_PORT = "10054";
    // Equal on every unit: a poller asks remote units on its own API port, with its own bal password.
    private static final String[] PORTS = {"--api-port", "18543", "--health-check-port", "18544",
            "--peer-port", "16974", "--dns-port", DNS_PORT};
    // Polls every second; a poll may take 900 ms (several JVMs share two cores) before the unit counts as down.
    private static final String[] GEO_POLLING = {"--geo-poll-interval", "1s", "--geo-poll-timeout", "900ms"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFqdnFollowsPairAsActiveNodeThenMovesToPairBAndBackWhenAsMasterReturns() {
        NodePair pairA = pair("a", A_MASTER, A_SLAVE);
        NodePair pairB = pair("b", B_MASTER, B_SLAVE);
        HaNodeProcess unitC = fixtures.node(NodeOptions.of("unit-c", "none", "prefer-master", UNIT_C, null)
                .with(PORTS).with(GEO_POLLING));
        configure(pairA, pairB, unitC);
        HaNodeProcess aMaster = pairA.master();
        HaNodeProcess aSlave = pairA.slave();
        HaNodeProcess bActive = pairB.master();

        // pair-a is local on A (answered at A's active node, also by its standby) and remote on B and C.
        awaitSteady(A_MASTER, unitC, bActive, aMaster, aSlave);

        awaitMove("kill -9 of A's master", aMaster::kill9, A_MASTER, A_SLAVE, unitC, bActive, aSlave);
        awaitMove("kill -9 of A's slave too", aSlave::kill9, A_SLAVE, B_MASTER, unitC, bActive);
        // Alone, the master becomes active once it has not heard its partner for partner-dead-after.
        awaitMove("restart of A's master (its slave still down)", aMaster::start, B_MASTER, A_MASTER, unitC, bActive,
                aMaster);
    }

    private static NodePair pair(String name, String master, String slave) {
        return fixtures.pairOf("prefer-master",
                NodeOptions.of(name + "-master", "master", "prefer-master", master, slave).with(PORTS).with(GEO_POLLING),
                NodeOptions.of(name + "-slave", "slave", "prefer-master", slave, master).with(PORTS).with(GEO_POLLING));
    }

    // ---- configuration, on each unit's active node as an operator would

    private static void configure(NodePair pairA, NodePair pairB, HaNodeProcess unitC) {
        Map<String, UnitPlan> plans = new LinkedHashMap<>();
        GeoPlanner.plan(new GeoTopology(
                List.of(new GeoTopology.Pair("pair-a", A_MASTER, A_SLAVE), new GeoTopology.Pair("pair-b", B_MASTER, B_SLAVE)),
                List.of(new GeoTopology.Standalone("unit-c", UNIT_C)))).forEach(p -> plans.put(p.name(), p));
        // The rule of the README, spelled out for one unit, so that a planner change shows here too.
        assertThat(plans.get("pair-a").remoteGeoAccess()).containsExactly(A_MASTER, B_MASTER, B_SLAVE, UNIT_C);
        assertThat(plans.get("pair-a").geoPartners()).containsExactly(B_MASTER, B_SLAVE, UNIT_C);

        configureLists(pairA.master(), plans.get("pair-a"));
        configureLists(pairB.master(), plans.get("pair-b"));
        configureLists(unitC, plans.get("unit-c"));
        // The FQDN and its clusters are written once, on C: GEO partners share them, and each unit stores
        // pair-a and pair-b as local or remote as seen from itself.
        post(unitC, "geo-clusters", JSON.createObjectNode().put("name", "pair-a").put("address", A_MASTER)
                .put("type", "remote"));
        post(unitC, "geo-clusters", JSON.createObjectNode().put("name", "pair-b").put("address", B_MASTER)
                .put("type", "remote"));
        ObjectNode fqdn = JSON.createObjectNode().put("fqdn", FQDN).put("selection", "fixed-weighting")
                .put("ttlSeconds", 5);
        ArrayNode mappings = fqdn.putArray("mappings");
        mappings.addObject().put("target", "pair-a").put("weight", 2).put("enabled", true);
        mappings.addObject().put("target", "pair-b").put("weight", 1).put("enabled", true);
        post(unitC, "geo-fqdns", fqdn);
        awaitCluster(pairA.master(), "pair-a", "local");
        awaitCluster(pairA.slave(), "pair-a", "local");
        awaitCluster(pairA.master(), "pair-b", "remote");
        awaitCluster(pairB.master(), "pair-b", "local");
        awaitCluster(pairB.master(), "pair-a", "remote");
    }

    private static void configureLists(HaNodeProcess active, UnitPlan plan) {
        plan.remoteGeoAccess().forEach(a -> post(active, "geo-remote-access", JSON.createObjectNode().put("address", a)));
        plan.geoPartners().forEach(a -> post(active, "geo-partners", JSON.createObjectNode().put("address", a)));
    }

    /** Waits until {@code node} stores the cluster with the type it has seen from that unit. */
    private static void awaitCluster(HaNodeProcess node, String name, String type) {
        await(name + " reaches " + node + " as " + type).atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpOnce.Answer answer = node.api("GET", "/api/v1/geo-clusters/" + name, null, null);
                    return answer.code() == 200 && JSON.readTree(answer.body()).path("type").asText().equals(type);
                });
    }

    private static void post(HaNodeProcess node, String type, ObjectNode document) {
        HttpOnce.Answer answer = node.api("POST", "/api/v1/" + type, document.toString(), null);
        assertThat(answer.code()).as("POST /api/v1/" + type + " " + document + " on " + node + ": " + answer.body()
                + (answer.error() == null ? "" : answer.error())).isEqualTo(201);
    }

    // ---- asking

    /** Waits until every asker answers {@code address}, then checks that they keep answering it. */
    private static void awaitSteady(String address, HaNodeProcess... askers) {
        await("every asker answers " + address).atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> List.of(askers).stream().allMatch(n -> address.equals(dig(n))));
        assertKeepsAnswering(address, askers);
    }

    /**
     * Does {@code step}, waits until every asker answers {@code to} (logging each asker's answers and
     * how long it took from the step to {@code to}), then checks that they keep answering it: a move
     * that flaps back is no move.
     */
    private static void awaitMove(String step, Runnable action, String from, String to, HaNodeProcess... askers) {
        long start = System.nanoTime();
        action.run();
        Map<HaNodeProcess, Timeline> timelines = new LinkedHashMap<>();
        List.of(askers).forEach(n -> timelines.put(n, new Timeline()));
        try {
            await(step + ": every asker answers " + to).atMost(Patience.SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        timelines.forEach((n, t) -> t.saw(dig(n), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                        return timelines.values().stream().allMatch(t -> t.reached(to) != null);
                    });
        } finally {
            StringBuilder line = new StringBuilder("[geo-e2e] ").append(step).append(": ").append(from).append(" -> ")
                    .append(to);
            timelines.forEach((n, t) -> line.append("; at ").append(n)
                    .append(t.reached(to) == null ? " not moved" : " after " + t.reached(to) + " ms")
                    .append(" (answers: ").append(t).append(')'));
            System.out.println(line);
        }
        assertKeepsAnswering(to, askers);
    }

    /** One asker's answers since a step, each with when it first came (ms after the step). */
    private static final class Timeline {
        private final Map<String, Long> firstSeen = new LinkedHashMap<>();
        private final List<String> changes = new ArrayList<>();
        private String last;

        void saw(String answer, long ms) {
            firstSeen.putIfAbsent(answer, ms);
            if (!answer.equals(last)) {
                changes.add(shown(answer) + " at " + ms + " ms");
                last = answer;
            }
        }

        Long reached(String answer) {
            return firstSeen.get(answer);
        }

        @Override
        public String toString() {
            return String.join(", ", changes);
        }
    }

    /** For three poll intervals, every answer of every asker is {@code address}. */
    private static void assertKeepsAnswering(String address, HaNodeProcess... askers) {
        List<String> other = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + Patience.HOLD.toNanos();
        while (System.nanoTime() < end) {
            for (HaNodeProcess n : askers) {
                String answer = dig(n);
                if (!address.equals(answer)) {
                    other.add(n + " answered " + shown(answer) + " at "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                }
            }
        }
        assertThat(other).as("answers other than " + address + " within " + Patience.HOLD + " after all gave it")
                .isEmpty();
    }

    /** An answer on one line: dig prints several for a node that does not listen. */
    private static String shown(String answer) {
        return answer.isEmpty() ? "(no address)" : answer.lines().findFirst().orElseThrow();
    }

    /** The A answer of {@code node}'s GEO DNS for the FQDN, as {@code dig +short} prints it (empty for none). */
    private static String dig(HaNodeProcess node) {
        try {
            Process dig = new ProcessBuilder("dig", "@" + node.address(), "-p", DNS_PORT, FQDN, "A", "+short",
                    "+tries=1", "+time=1").redirectErrorStream(true).start();
            String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!dig.waitFor(10, TimeUnit.SECONDS)) {
                dig.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run dig (Debian: apt-get install dnsutils; ./run-tests installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running dig", e);
        }
    }
}
