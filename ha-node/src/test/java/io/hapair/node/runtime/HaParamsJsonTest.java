package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What GET /api/v1/ha/params says about each parameter: running, saved, where from, and overrides. */
class HaParamsJsonTest {

    private static Map<ConfigKey, String> of(ConfigKey key, String value) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(key, value);
        return m;
    }

    private static JsonObject parameter(JsonObject params, ConfigKey key) {
        return params.getJsonArray("parameters").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("key").equals(key.key())).findFirst().orElseThrow();
    }

    @Test
    void aSavedValueThatAFlagOverridesIsShownWithAWarning() throws Exception {
        Map<ConfigKey, String> saved = of(ConfigKey.HEALTH_CHECK_PORT, "9444");
        Map<ConfigKey, String> flags = of(ConfigKey.HEALTH_CHECK_PORT, "7444");
        flags.put(ConfigKey.ADMIN_PASSWORD, "pw");
        NodeConfig running = ConfigLoader.load(null, saved, Map.of(), flags, "h");

        JsonObject params = HaParamsJson.of(running, saved);

        JsonObject port = parameter(params, ConfigKey.HEALTH_CHECK_PORT);
        assertThat(port.getInteger("running")).isEqualTo(7444);
        assertThat(port.getString("saved")).isEqualTo("9444");
        assertThat(port.getString("source")).isEqualTo("flag");
        assertThat(port.getString("from")).isEqualTo("flag --health-check-port");
        assertThat(port.getString("overriddenBy")).isEqualTo("flag --health-check-port");
        assertThat(params.getJsonArray("warnings")).containsExactly("health-check-port is saved as '9444', but flag"
                + " --health-check-port sets '7444' at every start and wins: remove the flag for the saved value to take effect");
    }

    @Test
    void aSavedValueThatAVariableOverridesIsShownWithAWarning() throws Exception {
        Map<ConfigKey, String> saved = of(ConfigKey.SWITCH_TO_PREFERRED, "none");
        NodeConfig running = ConfigLoader.load(null, saved, Map.of("HANODE_SWITCH_TO_PREFERRED", "prefer-master"),
                of(ConfigKey.ADMIN_PASSWORD, "pw"), "h");

        JsonObject p = parameter(HaParamsJson.of(running, saved), ConfigKey.SWITCH_TO_PREFERRED);

        assertThat(p.getString("source")).isEqualTo("environment");
        assertThat(p.getString("overriddenBy")).isEqualTo("environment variable HANODE_SWITCH_TO_PREFERRED");
        assertThat(p.getString("warning")).contains("remove the variable");
    }

    @Test
    void aSavedValueInEffectSaysSoWithoutAWarning() throws Exception {
        Map<ConfigKey, String> saved = of(ConfigKey.SWITCH_TO_PREFERRED, "none");
        NodeConfig running = ConfigLoader.load(null, saved, Map.of(), of(ConfigKey.ADMIN_PASSWORD, "pw"), "h");

        JsonObject params = HaParamsJson.of(running, saved);

        JsonObject preferred = parameter(params, ConfigKey.SWITCH_TO_PREFERRED);
        assertThat(preferred.getString("running")).isEqualTo("none");
        assertThat(preferred.getString("source")).isEqualTo("saved");
        assertThat(preferred.containsKey("overriddenBy")).isFalse();
        assertThat(parameter(params, ConfigKey.HA_MODE).getString("source")).isEqualTo("default");
        assertThat(params.getJsonArray("warnings")).isEmpty();
    }

    @Test
    void aValueSavedAfterTheStartIsShownBesideTheRunningOne() throws Exception {
        NodeConfig running = ConfigLoader.load(null, Map.of(), Map.of(), of(ConfigKey.ADMIN_PASSWORD, "pw"), "h");

        JsonObject params = HaParamsJson.of(running, of(ConfigKey.HEALTH_CHECK_ALL_INTERFACES, "true"));

        JsonObject all = parameter(params, ConfigKey.HEALTH_CHECK_ALL_INTERFACES);
        assertThat(all.getBoolean("running")).isFalse();
        assertThat(all.getString("saved")).isEqualTo("true");
        assertThat(all.getString("source")).isEqualTo("default");
        assertThat(params.getJsonObject("saved").getString("health-check-all-interfaces")).isEqualTo("true");
    }
}
