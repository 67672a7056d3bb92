package io.hapair.tests.hostile;

import static io.hapair.tests.fixture.HealthPoller.describe;
import static io.hapair.tests.fixture.HealthPoller.violating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HealthPoller;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What must hold while an attack runs on a settled pair: the active node keeps its role and answers
 * every probe of a 10 ms poller, its partner answers 503 throughout, neither node records a
 * transition, and a settings document written just before the attack is still there after it.
 * Start it before the attack, call {@link #assertHeld()} after; {@link #close()} stops the poller.
 */
final class AttackWatch implements AutoCloseable {

    private static final AtomicInteger SENTINELS = new AtomicInteger();

    private final NodePair pair;
    private final HaNodeProcess active;
    private final String sentinel;
    private final long startedAt;
    private final HealthPoller poller;

    private AttackWatch(NodePair pair, HaNodeProcess active, String sentinel) {
        this.pair = pair;
        this.active = active;
        this.sentinel = sentinel;
        this.startedAt = System.currentTimeMillis();
        this.poller = HealthPoller.start(active, pair.other(active));
        poller.awaitSamples(5);
    }

    /**
     * Only the roles, probes and transitions, for attacks that may rightly rewrite the settings (a fuzz
     * whose import of a valid export replaces them all).
     */
    static AttackWatch rolesOnly(NodePair pair, HaNodeProcess active) {
        return new AttackWatch(pair, active, null);
    }

    /** Writes the sentinel document on {@code active} (which must be the active node) and starts polling. */
    static AttackWatch start(NodePair pair, HaNodeProcess active) {
        int n = SENTINELS.incrementAndGet();
        String name = "sentinel-" + n;
        // Address and port unique per sentinel: virtual services may not share them. The real server is silent
        // loopback: both nodes' HAProxy health-check it, and a check must not leave the machine.
        String json = "{\"name\":\"" + name + "\",\"address\":\"10.77.0.1\",\"port\":" + (20_000 + n)
                + ",\"protocol\":\"tcp\",\"realServers\":[{\"address\":\"" + Fixtures.SILENT_ADDRESS + "\",\"port\":"
                + Fixtures.SILENT_PORT + "}]}";
        HttpOnce.Answer written = active.api("POST", "/api/v1/virtual-services", json, null);
        assertThat(written.code()).as("sentinel written before the attack: " + written.body()).isEqualTo(201);
        return new AttackWatch(pair, active, name);
    }

    /** Stops the poller and asserts that the pair held through the attack. */
    void assertHeld() {
        List<HealthPoller.Sample> samples = poller.stop();
        List<HealthPoller.Sample> moved = violating(samples, s -> s.code(0) == 200 && s.code(1) == 503);
        assertThat(moved).as(active.name() + " answers 200 and its partner 503 at every poll (unanswered polls show"
                + " as -1 or 0): " + describe(moved, samples)).isEmpty();
        for (HaNodeProcess node : pair.nodes()) {
            assertThat(transitionsSinceStart(node)).as("transitions of " + node.name() + " during the attack").isEmpty();
        }
        if (sentinel == null) {
            return;
        }
        assertThat(active.api("GET", "/api/v1/virtual-services/" + sentinel).code())
                .as("the document written before the attack is still on " + active.name()).isEqualTo(200);
        HaNodeProcess standby = pair.other(active);
        await("the document written before the attack reaches " + standby.name()).atMost(Patience.SETTLE)
                .until(() -> standby.api("GET", "/api/v1/virtual-services/" + sentinel).code() == 200);
    }

    private List<String> transitionsSinceStart(HaNodeProcess node) {
        List<String> found = new ArrayList<>();
        for (JsonNode e : node.status().path("events")) {
            if ("transition".equals(e.path("kind").asText()) && e.path("at").asLong() >= startedAt) {
                found.add(e.path("message").asText());
            }
        }
        return found;
    }

    @Override
    public void close() {
        poller.stop();
    }
}
