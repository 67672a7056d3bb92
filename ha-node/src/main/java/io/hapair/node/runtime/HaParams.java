package io.hapair.node.runtime;

import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The Cloud HA Parameters of the running node: read with where each value comes from, and saved for the next start. */
final class HaParams {

    private final NodeConfig config;
    private final HaParamsStore store;

    HaParams(NodeConfig config) {
        this.config = config;
        this.store = new HaParamsStore(config.dataDir());
    }

    /** Blocking: reads the saved parameters. */
    JsonObject read() throws IOException {
        return HaParamsJson.of(config, store.load());
    }

    /**
     * Validates {@code body} as a whole configuration (the running one with these parameters applied)
     * and saves it for the next start. Returns the field errors, empty when saved. Blocking.
     */
    List<FieldError> save(JsonObject body) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Map<ConfigKey, String> next = new EnumMap<>(ConfigKey.class);
        next.putAll(store.load());
        for (String field : body.fieldNames()) {
            var key = ConfigKey.byKey(field).filter(HaParamsStore.KEYS::contains);
            Object value = body.getValue(field);
            if (key.isEmpty()) {
                errors.add(new FieldError(field, field + " is not an HA parameter; the API accepts "
                        + HaParamsStore.KEYS.stream().map(ConfigKey::key).toList()));
            } else if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
                errors.add(new FieldError(field, field + " must be a single value"));
            } else {
                next.put(key.get(), String.valueOf(value));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        try {
            ConfigLoader.load(null, runningAsSaved(next), Map.of(), Map.of(), config.nodeName());
        } catch (ConfigException e) {
            return e.errors();
        }
        store.save(next);
        return List.of();
    }

    /** The running configuration as key values, with the candidate HA parameters over it. */
    private Map<ConfigKey, String> runningAsSaved(Map<ConfigKey, String> candidate) {
        Map<ConfigKey, String> all = new EnumMap<>(ConfigKey.class);
        all.put(ConfigKey.NODE_NAME, config.nodeName());
        all.put(ConfigKey.HA_MODE, config.haMode().key());
        all.put(ConfigKey.SWITCH_TO_PREFERRED, config.preferred().key());
        if (config.partner() != null) {
            all.put(ConfigKey.PARTNER, config.partnerAsConfigured());
        }
        all.put(ConfigKey.PRIMARY_ADDRESS, config.primaryAddress());
        all.put(ConfigKey.HEALTH_CHECK_PORT, Integer.toString(config.healthCheckPort()));
        all.put(ConfigKey.PEER_PORT, Integer.toString(config.peerPort()));
        all.put(ConfigKey.PARTNER_PEER_PORT, Integer.toString(config.partnerPeerPort()));
        all.put(ConfigKey.API_PORT, Integer.toString(config.apiPort()));
        all.put(ConfigKey.DATA_DIR, config.dataDir().toString());
        if (config.pairingSecret() != null) {
            all.put(ConfigKey.PAIRING_SECRET, config.pairingSecret());
        }
        all.put(ConfigKey.ADMIN_PASSWORD, config.adminPassword());
        all.putAll(candidate);
        return all;
    }
}
