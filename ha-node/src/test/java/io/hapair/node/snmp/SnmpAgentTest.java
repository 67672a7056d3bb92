package io.hapair.node.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.settings.HostReading;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Vertx;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's shell on a real store and real sockets: it follows the stored settings and reports its socket. */
class SnmpAgentTest {

    private static final String ADDRESS = "127.20.168.1";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private SettingsStore store;
    private SettingsService settings;
    private SnmpAgent agent;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = TestPorts.free(ADDRESS);
        store = SettingsStore.open(dir.resolve("store"));
        settings = new SettingsService(vertx.createSharedWorkerExecutor("store", 1), store, "node-a",
                System::currentTimeMillis);
        agent = new SnmpAgent(settings, new SnmpAgent.Identity(ADDRESS, "node-a", "1.0"), System::currentTimeMillis);
        vertx.deployVerticle(agent).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        store.close();
    }

    private void store(String json) throws Exception {
        settings.put("snmp", "snmp", json, null).await(10, TimeUnit.SECONDS);
    }

    private HostReading reading() throws Exception {
        List<HostReading> readings = agent.readings().await(10, TimeUnit.SECONDS);
        assertThat(readings).hasSize(1);
        return readings.get(0);
    }

    @Test
    void theReadingFollowsTheStoredSettingsAsTheAgentStartsRebindsAndStops() throws Exception {
        assertThat(reading()).isEqualTo(new HostReading("snmp", "agent", null, null, "the agent's UDP socket"));

        store("{\"enabled\": true, \"port\": " + port + ", \"community\": \"n0t-public\"}");
        await("the agent listens").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(reading().stored()).isEqualTo("udp " + ADDRESS + ":" + port);
            assertThat(reading().drift()).isFalse();
        });
        assertThat(agent.asStored()).isTrue();

        int other = TestPorts.free(ADDRESS);
        store("{\"enabled\": true, \"port\": " + other + ", \"community\": \"n0t-public\"}");
        await("the agent binds anew").atMost(PATIENCE).untilAsserted(() ->
                assertThat(reading().actual()).isEqualTo("udp " + ADDRESS + ":" + other));
        try (DatagramSocket old = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ADDRESS), port))) {
            assertThat(old.isBound()).as("the old port is free again").isTrue();
        }

        store("{\"enabled\": false, \"port\": " + other + ", \"community\": \"n0t-public\"}");
        await("the agent stops").atMost(PATIENCE).untilAsserted(() ->
                assertThat(reading()).isEqualTo(new HostReading("snmp", "agent", null, null, "the agent's UDP socket")));
    }

    @Test
    void aTakenPortShowsAsDriftWithTheFixAndTheAgentListensOnceTheSettingsChange() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ADDRESS), port))) {
            store("{\"enabled\": true, \"port\": " + port + ", \"community\": \"n0t-public\"}");
            await("the trouble shows").atMost(PATIENCE).untilAsserted(() -> {
                HostReading r = reading();
                assertThat(r.stored()).isEqualTo("udp " + ADDRESS + ":" + port);
                assertThat(r.actual()).isNull();
                assertThat(r.drift()).isTrue();
                assertThat(r.source()).contains("cannot listen on udp " + ADDRESS + ":" + port,
                        "the port is taken by another program", "give another port in /api/v1/snmp");
            });
            assertThat(agent.asStored()).isFalse();
            assertThat(taken.isBound()).isTrue();
        }

        store("{\"enabled\": true, \"port\": " + port + ", \"community\": \"n0t-public\", \"location\": \"rack 4\"}");

        await("the agent listens").atMost(PATIENCE).untilAsserted(() -> assertThat(reading().drift()).isFalse());
        assertThat(agent.asStored()).isTrue();
    }
}
