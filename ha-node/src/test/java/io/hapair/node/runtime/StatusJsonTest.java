package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.peer.PeerStats;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleMachine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status body the pages and {@code hanode status} read, from a real role machine driven through time. */
class StatusJsonTest {

    private static final long T0 = 1_790_000_000_000L;

    @Test
    void aStandaloneNodeNeverProbedHasNoLastProbeTimeAndNoPartner() throws ConfigException {
        NodeConfig config = config("none");
        RoleMachine machine = machine(config, HaMode.NONE);
        machine.on(new RoleEvent.Tick(), T0 + 100);

        JsonObject json = StatusJson.of(machine.status(T0 + 100), config, null);

        assertThat(json.getJsonObject("lastProbe").getValue("at")).as("never probed").isNull();
        assertThat(json.getLong("activatedAt")).as("active on its own since the first tick").isEqualTo(T0 + 100);
        assertThat(json.containsKey("partner")).isFalse();
    }

    @Test
    void maintenanceAndLostTargetsAreShownForThisNodeAndThePartner() throws ConfigException {
        NodeConfig config = config("master");
        RoleMachine machine = machine(config, HaMode.MASTER);
        machine.on(new RoleEvent.HeartbeatReceived(new PartnerReport("node-2", HaMode.SLAVE,
                PreferredServer.PREFER_MASTER, Activity.ACTIVE, true, T0, 0, false, false, false, "1", 8444, true, 2),
                -1), T0 + 10);
        machine.on(new RoleEvent.SelfCheckChanged(1, 3, "gateway (no IPv4 default route)"), T0 + 20);
        machine.on(new RoleEvent.MaintenanceRequested(true, true, "test"), T0 + 30);

        JsonObject json = StatusJson.of(machine.status(T0 + 30), config, null);

        assertThat(json.getBoolean("maintenance")).isTrue();
        assertThat(json.getInteger("lostTargets")).isEqualTo(1);
        assertThat(json.getString("display")).isEqualTo("Master (Maintenance)");
        assertThat(json.getJsonObject("partner").getBoolean("maintenance")).isTrue();
        assertThat(json.getJsonObject("partner").getInteger("lostTargets")).isEqualTo(2);
    }

    @Test
    void timesOfThingsThatNeverHappenedAreNullNotMinusOneOrZero() throws ConfigException {
        NodeConfig config = config("master");
        RoleMachine machine = machine(config, HaMode.MASTER);

        JsonObject json = StatusJson.of(machine.status(T0), config, new PeerStats());

        assertThat(json.getJsonObject("lastProbe").getValue("at")).isNull();
        assertThat(json.getValue("activatedAt")).as("still standby while it waits for its partner").isNull();
        assertThat(json.getJsonObject("partner").getValue("lastHeartbeatAt")).isNull();
        assertThat(json.getJsonObject("partner").getValue("heartbeatRttMillis")).isNull();
    }

    @Test
    void aPartnerThatIsNoLongerHeardHasNoHealthOnlyItsLiveness() throws ConfigException {
        NodeConfig config = config("master");
        RoleMachine machine = machine(config, HaMode.MASTER);
        machine.on(new RoleEvent.HeartbeatReceived(new PartnerReport("node-2", HaMode.SLAVE,
                PreferredServer.PREFER_MASTER, Activity.STANDBY, true, 0, 0, false, false, false, "1", 8444, false, 0), -1), T0 + 10);
        JsonObject heard = StatusJson.of(machine.status(T0 + 10), config, null).getJsonObject("partner");
        assertThat(heard.getString("liveness")).isEqualTo("alive");
        assertThat(heard.getBoolean("healthy")).isTrue();

        long later = T0 + 10;
        // Ticks as the node's event loop sends them: a longer silence would count as a stall of this node.
        while (later <= T0 + 10 + config.timing().deadAfter().toMillis()) {
            later += 50;
            machine.on(new RoleEvent.Tick(), later);
        }
        JsonObject dead = StatusJson.of(machine.status(later), config, null).getJsonObject("partner");

        assertThat(dead.getString("liveness")).isEqualTo("dead");
        assertThat(dead.getValue("healthy")).as("health it reported while alive").isNull();
        assertThat(dead.getLong("lastHeartbeatAt")).isEqualTo(T0 + 10);
    }

    @Test
    void aTransitionEventCarriesItsReasonCodeBesideTheMessageAndOtherEventsNone() throws ConfigException {
        NodeConfig config = config("none");
        RoleMachine machine = machine(config, HaMode.NONE);
        // Within one heartbeat interval: a longer gap between events would be logged as a local stall.
        machine.on(new RoleEvent.Tick(), T0 + 20);

        JsonArray events = StatusJson.of(machine.status(T0 + 20), config, null).getJsonArray("events");

        assertThat(events.getJsonObject(0).getString("kind")).isEqualTo("start");
        assertThat(events.getJsonObject(0).containsKey("reason")).as("the key is there for every event").isTrue();
        assertThat(events.getJsonObject(0).getValue("reason")).isNull();
        assertThat(events.getJsonObject(1).getString("kind")).isEqualTo("transition");
        assertThat(events.getJsonObject(1).getString("reason")).isEqualTo("ha-off");
        assertThat(events.getJsonObject(1).getString("message")).isEqualTo("Standalone -> active: HA is off: serving alone");
    }

    private static RoleMachine machine(NodeConfig config, HaMode mode) {
        return new RoleMachine(new NodeIdentity(config.nodeName(), mode, config.preferred(), "1", 8444), config.timing(), T0);
    }

    private static NodeConfig config(String mode) throws ConfigException {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.NODE_NAME, "node-1");
        flags.put(ConfigKey.HA_MODE, mode);
        flags.put(ConfigKey.PRIMARY_ADDRESS, "127.0.0.1");
        flags.put(ConfigKey.DATA_DIR, "target/status-json-test");
        flags.put(ConfigKey.ADMIN_PASSWORD, "status-json-password");
        if (!mode.equals("none")) {
            flags.put(ConfigKey.PARTNER, "127.0.0.2");
            flags.put(ConfigKey.PAIRING_SECRET, "status-json-pairing-secret-0123");
        }
        return ConfigLoader.load(null, Map.of(), flags, "h");
    }
}
