package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.validation.FieldError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The data directory holds private keys and settings: 0700, every file 0600, or a clear error. */
class DataDirectoryTest {

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(DataDirectory.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(DataDirectory.class)).detachAppender(log);
    }

    private static NodeConfig configWith(Path dataDir) throws ConfigException {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA_DIR, dataDir.toString());
        flags.put(ConfigKey.ADMIN_PASSWORD, "pw");
        return ConfigLoader.load(null, Map.of(), flags, "h");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void write(Path path, String mode) throws Exception {
        Files.writeString(path, "x");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Test
    void anOpenDirectoryAndItsFilesAreTightenedAndTheLogNamesEachPath() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> names = List.of("settings.db", "settings.db-wal", "settings.db-shm", "node-key.pem", "node-cert.pem",
                "ha-params.json");
        for (String name : names) {
            write(dir.resolve(name), "rw-r--r--");
        }
        write(dir.resolve("already-private"), "rw-------");

        DataDirectory.prepare(configWith(dir));

        assertThat(mode(dir)).isEqualTo("rwx------");
        for (String name : names) {
            assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
        }
        List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(names.size() + 1)
                .contains("data-dir: tightened " + dir.toRealPath() + " from rwxr-xr-x to rwx------:"
                        + " group and others must not read the node's keys and settings")
                .contains("data-dir: tightened " + dir.toRealPath().resolve("node-key.pem") + " from rw-r--r-- to rw-------:"
                        + " group and others must not read the node's keys and settings");
        assertThat(log.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void everyFileTheNodeCreatesInANewDirectoryIsPrivate() throws Exception {
        Path dir = tmp.resolve("new").resolve("data");
        NodeConfig config = configWith(dir);

        DataDirectory.prepare(config);
        NodeCertificate.ensure(null, null, dir, "h", List.of("127.0.0.1"));
        new HaParamsStore(dir).save(Map.of(ConfigKey.HA_MODE, "none"));
        try (SettingsStore store = SettingsStore.open(dir)) {
            assertThat(store).isNotNull();
            assertThat(Files.exists(dir.resolve("settings.db-wal"))).isTrue();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    assertThat(mode(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
                }
            }
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(log.list).noneMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedNamesTheKeyTheCauseAndTheFix() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path dir = file.resolve("data");

        assertThatThrownBy(() -> DataDirectory.prepare(configWith(dir)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("data-dir"))
                .hasMessageContaining("data-dir (from flag --data-dir): '" + dir + "' cannot be created: " + file
                        + " is a file, not a directory; remove that file or set data-dir to another directory");
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThatThrownBy(() -> DataDirectory.prepare(configWith(file)))
                .hasMessageContaining("data-dir (from flag --data-dir): '" + file + "' is not a directory; remove that file");
    }
}
