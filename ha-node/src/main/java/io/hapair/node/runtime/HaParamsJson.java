package io.hapair.node.runtime;

import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.config.ValueSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The Cloud HA Parameters as the API shows them: per parameter the running value, the value saved for
 * the next start, and where the running value came from, with a warning when a flag or HANODE_*
 * variable will win over the saved value again at the next start (so saving alone changes nothing).
 */
final class HaParamsJson {

    private HaParamsJson() {
    }

    static JsonObject of(NodeConfig config, Map<ConfigKey, String> saved) {
        JsonObject running = running(config);
        JsonObject savedJson = new JsonObject();
        saved.forEach((k, v) -> savedJson.put(k.key(), v));
        JsonArray parameters = new JsonArray();
        JsonArray warnings = new JsonArray();
        for (ConfigKey key : HaParamsStore.KEYS) {
            ValueSource source = config.sourceOf(key);
            JsonObject p = new JsonObject().put("key", key.key()).put("running", running.getValue(key.key()))
                    .put("saved", saved.get(key)).put("source", source.kind().token()).put("from", source.toString());
            if (saved.containsKey(key) && source.fromCommandLineOrEnvironment()) {
                String warning = key.key() + " is saved as '" + saved.get(key) + "', but " + source + " sets '"
                        + running.getValue(key.key()) + "' at every start and wins: remove "
                        + (source.kind() == ValueSource.Kind.FLAG ? "the flag" : "the variable")
                        + " for the saved value to take effect";
                p.put("overriddenBy", source.toString()).put("warning", warning);
                warnings.add(warning);
            }
            parameters.add(p);
        }
        return new JsonObject().put("running", running).put("saved", savedJson).put("parameters", parameters)
                .put("warnings", warnings);
    }

    private static JsonObject running(NodeConfig c) {
        return new JsonObject().put(ConfigKey.HA_MODE.key(), c.haMode().key())
                .put(ConfigKey.SWITCH_TO_PREFERRED.key(), c.preferred().key())
                .put(ConfigKey.PARTNER.key(), c.partnerAsConfigured())
                .put(ConfigKey.HEALTH_CHECK_PORT.key(), c.healthCheckPort())
                .put(ConfigKey.HEALTH_CHECK_ALL_INTERFACES.key(), c.healthCheckAllInterfaces());
    }
}
