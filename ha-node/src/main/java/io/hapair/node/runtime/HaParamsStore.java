package io.hapair.node.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.files.DurableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Cloud HA Parameters" saved through the API, kept in {@code ha-params.json} in the data
 * directory and applied at the next start (HA mode is fixed for a node's life). Written to a temp
 * file (mode 0600, like everything in the data directory), synced, moved into place, and the directory
 * synced, so a crash or power loss leaves the old file or the new one, never half a file.
 * Blocking I/O: call it from a worker thread.
 */
public final class HaParamsStore {

    /** The keys the API may set: the Cloud HA Parameters page. */
    public static final List<ConfigKey> KEYS = List.of(ConfigKey.HA_MODE, ConfigKey.SWITCH_TO_PREFERRED,
            ConfigKey.PARTNER, ConfigKey.HEALTH_CHECK_PORT, ConfigKey.HEALTH_CHECK_ALL_INTERFACES);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public HaParamsStore(Path dataDir) {
        this.file = dataDir.resolve("ha-params.json");
    }

    public Map<ConfigKey, String> load() throws IOException {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        if (!Files.exists(file)) {
            return out;
        }
        Map<String, String> raw = JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
        raw.forEach((k, v) -> ConfigKey.byKey(k).filter(KEYS::contains).ifPresent(key -> out.put(key, v)));
        return out;
    }

    public void save(Map<ConfigKey, String> params) throws IOException {
        Map<String, String> raw = new LinkedHashMap<>();
        params.forEach((k, v) -> raw.put(k.key(), v));
        DurableFile.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(raw));
    }
}
