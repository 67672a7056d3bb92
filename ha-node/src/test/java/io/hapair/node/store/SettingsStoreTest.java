package io.hapair.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.sync.model.StoredConflict;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path dir;

    private static StoredDocument doc(String type, String id, String body, long n) {
        return new StoredDocument(type, id, body, new Version(Map.of("node-1", n), n, 0, "node-1"));
    }

    @Test
    void committedDocumentsAreThereAfterReopening() throws Exception {
        try (SettingsStore s = SettingsStore.open(dir)) {
            s.write(List.of(doc("virtual-services", "web", "{\"port\":80}", 1)), List.of());
        }
        try (SettingsStore s = SettingsStore.open(dir)) {
            assertThat(s.get("virtual-services", "web")).get().extracting(StoredDocument::body).isEqualTo("{\"port\":80}");
        }
    }

    @Test
    void storeRunsInWalModeWithFullSync() throws Exception {
        try (SettingsStore s = SettingsStore.open(dir);
             var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("settings.db"));
             var r = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void tombstonesAreListedOnlyWhenAskedAndCollectedOnlyAtTheConfirmedVersion() throws Exception {
        try (SettingsStore s = SettingsStore.open(dir)) {
            StoredDocument gone = doc("virtual-services", "old", null, 2);
            s.write(List.of(gone, doc("virtual-services", "web", "{}", 1)), List.of());

            assertThat(s.list(Set.of("virtual-services"), false)).extracting(StoredDocument::id).containsExactly("web");
            assertThat(s.list(Set.of("virtual-services"), true)).extracting(StoredDocument::id).containsExactly("old", "web");

            assertThat(s.collectTombstones(Map.of("virtual-services/old", doc("x", "y", null, 1).version()))).isZero();
            assertThat(s.collectTombstones(Map.of("virtual-services/old", gone.version()))).isEqualTo(1);
            assertThat(s.get("virtual-services", "old")).isEmpty();
        }
    }

    @Test
    void conflictsKeepBothVersionsUntilRemoved() throws Exception {
        try (SettingsStore s = SettingsStore.open(dir)) {
            StoredDocument winner = doc("virtual-services", "web", "{\"port\":82}", 3);
            StoredDocument loser = doc("virtual-services", "web", "{\"port\":81}", 2);
            s.write(List.of(winner), List.of(new StoredConflict(winner, loser, 42)));

            assertThat(s.conflicts()).singleElement().isEqualTo(new StoredConflict(winner, loser, 42));
            assertThat(s.removeConflict("virtual-services", "web")).isTrue();
            assertThat(s.conflicts()).isEmpty();
        }
    }

    @Test
    void storeWrittenByANewerSchemaIsRefusedWithTheFix() throws Exception {
        try (SettingsStore s = SettingsStore.open(dir);
             var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("settings.db"))) {
            c.createStatement().execute("UPDATE meta SET value='99' WHERE key='schema'");
        }
        assertThatThrownBy(() -> SettingsStore.open(dir)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema 99, newer than this software's");
    }
}
