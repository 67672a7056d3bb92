package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaParamsStoreTest {

    @TempDir
    Path dir;

    @Test
    void theSavedFileIsReadableByTheOwnerOnlyAndReadsBack() throws Exception {
        HaParamsStore store = new HaParamsStore(dir);

        store.save(Map.of(ConfigKey.PARTNER, "10.0.0.5"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ha-params.json"))))
                .isEqualTo("rw-------");
        assertThat(store.load()).containsExactly(Map.entry(ConfigKey.PARTNER, "10.0.0.5"));
    }
}
