package io.hapair.node.runtime;

import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the API may do to the node: read status, switch over, read and save HA parameters. */
final class NodeControl {

    private final Node node;
    private final HaParamsStore params;

    NodeControl(Node node) {
        this.node = node;
        this.params = new HaParamsStore(node.nodeConfig().dataDir());
    }

    /** False in the moment between the API listening and the state machine starting. */
    boolean ready() {
        return node.started();
    }

    io.hapair.node.sync.SettingsService settings() {
        return node.settings();
    }

    io.hapair.node.sync.SyncService sync() {
        return node.sync();
    }

    io.hapair.node.geo.GeoNode geo() {
        return node.geo();
    }

    boolean refusesSyncedWrites() {
        return node.refusesSyncedWrites();
    }

    JsonObject status() {
        return StatusJson.of(node.status(), node.nodeConfig(), node.peerStats());
    }

    Future<String> switchover(String by) {
        return node.switchover(by);
    }

    String metrics() {
        return node.metrics().scrape();
    }

    /** Blocking: reads the saved parameters. */
    JsonObject params() throws IOException {
        return HaParamsJson.of(node.nodeConfig(), params.load());
    }

    /**
     * Validates {@code body} as a whole configuration (the running one with these parameters applied)
     * and saves it for the next start. Returns the field errors, empty when saved. Blocking.
     */
    List<FieldError> saveParams(JsonObject body) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Map<ConfigKey, String> next = new EnumMap<>(ConfigKey.class);
        next.putAll(params.load());
        for (String field : body.fieldNames()) {
            var key = ConfigKey.byKey(field).filter(HaParamsStore.KEYS::contains);
            Object value = body.getValue(field);
            if (key.isEmpty()) {
                errors.add(new FieldError(field, field + " is not an HA parameter; the API accepts "
                        + HaParamsStore.KEYS.stream().map(ConfigKey::key).toList()));
            } else if (value == null || value instanceof JsonObject || value instanceof io.vertx.core.json.JsonArray) {
                errors.add(new FieldError(field, field + " must be a single value"));
            } else {
                next.put(key.get(), String.valueOf(value));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        try {
            ConfigLoader.load(null, runningAsSaved(next), Map.of(), Map.of(), node.nodeConfig().nodeName());
        } catch (ConfigException e) {
            return e.errors();
        }
        params.save(next);
        return List.of();
    }

    /** The running configuration as key values, with the candidate HA parameters over it. */
    private Map<ConfigKey, String> runningAsSaved(Map<ConfigKey, String> candidate) {
        NodeConfig c = node.nodeConfig();
        Map<ConfigKey, String> all = new EnumMap<>(ConfigKey.class);
        all.put(ConfigKey.NODE_NAME, c.nodeName());
        all.put(ConfigKey.HA_MODE, c.haMode().key());
        all.put(ConfigKey.SWITCH_TO_PREFERRED, c.preferred().key());
        if (c.partner() != null) {
            all.put(ConfigKey.PARTNER, c.partner());
        }
        all.put(ConfigKey.PRIMARY_ADDRESS, c.primaryAddress());
        all.put(ConfigKey.HEALTH_CHECK_PORT, Integer.toString(c.healthCheckPort()));
        all.put(ConfigKey.PEER_PORT, Integer.toString(c.peerPort()));
        all.put(ConfigKey.PARTNER_PEER_PORT, Integer.toString(c.partnerPeerPort()));
        all.put(ConfigKey.API_PORT, Integer.toString(c.apiPort()));
        all.put(ConfigKey.DATA_DIR, c.dataDir().toString());
        if (c.pairingSecret() != null) {
            all.put(ConfigKey.PAIRING_SECRET, c.pairingSecret());
        }
        all.put(ConfigKey.ADMIN_PASSWORD, c.adminPassword());
        all.putAll(candidate);
        return all;
    }
}
