package io.hapair.cloud.settings;

import io.hapair.cloud.topology.InvalidTopologyException;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one cloud command as flat keys ("node1.address", "azure.resourceGroup"), merged
 * from the topology file and the command-line flags in one place. Typed getters reject bad values
 * with the key and the fix, so every reader reports bad input the same way.
 */
public final class CloudSettings {

    private final Map<String, String> values;

    private CloudSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static CloudSettings of(Map<String, String> values) {
        return new CloudSettings(values);
    }

    /** These settings with the given ones on top: flags override the topology file. */
    public CloudSettings overriddenBy(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new CloudSettings(merged);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        return text(key).isPresent();
    }

    public Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(value -> !value.isEmpty());
    }

    public String required(String key, String fix) {
        return text(key).orElseThrow(() -> new InvalidTopologyException(key, "missing", fix));
    }

    public Optional<Integer> integer(String key) {
        return text(key).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException notANumber) {
                throw new InvalidTopologyException(key, "'" + value + "' is not a whole number",
                    "write a number such as 8444");
            }
        });
    }

    public Optional<Boolean> flag(String key) {
        return text(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidTopologyException(key, "'" + value + "' is not true or false",
                "write true or false");
        });
    }

    /** A comma-separated value (a YAML list arrives joined by commas) as trimmed items. */
    public Optional<List<String>> list(String key) {
        return text(key).map(value -> Arrays.stream(value.split(",")).map(String::trim)
            .filter(item -> !item.isEmpty()).toList());
    }

    /** Refuses keys no reader knows, which are almost always typos that would silently be ignored. */
    public void rejectUnknown(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidTopologyException(key, "unknown setting",
                    "check the spelling; known settings are " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
