package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaParamsStoreTest {

    @TempDir
    Path dir;

    @Test
    void theNewFileIsSyncedBeforeItReplacesTheOldOneAndTheDirectoryAfter() throws Exception {
        Path file = dir.resolve("ha-params.json");
        new HaParamsStore(dir).save(Map.of(ConfigKey.HA_MODE, "master"));
        List<String> seen = new ArrayList<>();
        HaParamsStore store = new HaParamsStore(dir, path -> seen.add(
                (Files.isDirectory(path) ? "directory" : "file " + path.getFileName() + " holding "
                        + Files.readString(path).replaceAll("\\s", ""))
                        + ", target holds " + Files.readString(file).replaceAll("\\s", "")));

        store.save(Map.of(ConfigKey.HA_MODE, "slave"));

        assertThat(seen).containsExactly(
                "file ha-params.json.tmp holding {\"ha-mode\":\"slave\"}, target holds {\"ha-mode\":\"master\"}",
                "directory, target holds {\"ha-mode\":\"slave\"}");
    }

    @Test
    void theSavedFileIsReadableByTheOwnerOnlyAndReadsBack() throws Exception {
        HaParamsStore store = new HaParamsStore(dir);

        store.save(Map.of(ConfigKey.PARTNER, "10.0.0.5"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ha-params.json"))))
                .isEqualTo("rw-------");
        assertThat(store.load()).containsExactly(Map.entry(ConfigKey.PARTNER, "10.0.0.5"));
    }
}
