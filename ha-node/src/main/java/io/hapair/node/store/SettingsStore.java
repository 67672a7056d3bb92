package io.hapair.node.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.sync.model.StoredConflict;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded settings store: SQLite in WAL mode with {@code synchronous=FULL}, so a transaction
 * that returned is on disk and survives {@code kill -9} and power loss. Blocking: call it from one
 * worker thread (see {@link StoreExecutor}), never from an event loop.
 */
public final class SettingsStore implements AutoCloseable {

    /** Bumped when the stored layout or the settings documents change incompatibly. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> VECTOR = new TypeReference<>() { };

    private final Connection db;

    private SettingsStore(Connection db) {
        this.db = db;
    }

    public static SettingsStore open(Path dataDir) throws SQLException, IOException {
        Files.createDirectories(dataDir);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("settings.db"));
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // FULL: the WAL is synced at every commit, so an acknowledged write survives power loss.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS documents (type TEXT NOT NULL, id TEXT NOT NULL, body TEXT,"
                    + " vector TEXT NOT NULL, wall INTEGER NOT NULL, counter INTEGER NOT NULL, origin TEXT NOT NULL,"
                    + " PRIMARY KEY (type, id))");
            s.execute("CREATE TABLE IF NOT EXISTS conflicts (type TEXT NOT NULL, id TEXT NOT NULL,"
                    + " winner_body TEXT, winner_version TEXT NOT NULL, loser_body TEXT, loser_version TEXT NOT NULL,"
                    + " detected_at INTEGER NOT NULL, PRIMARY KEY (type, id))");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        db.setAutoCommit(false);
        SettingsStore store = new SettingsStore(db);
        store.checkSchema();
        return store;
    }

    private void checkSchema() throws SQLException {
        Optional<String> stored = meta("schema");
        if (stored.isEmpty()) {
            setMeta("schema", Integer.toString(SCHEMA_VERSION));
            db.commit();
        } else if (Integer.parseInt(stored.get()) > SCHEMA_VERSION) {
            throw new SQLException("the settings store has schema " + stored.get() + ", newer than this software's "
                    + SCHEMA_VERSION + "; run the newer software or restore a backup");
        }
    }

    public Optional<StoredDocument> get(String type, String id) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT type, id, body, vector, wall, counter, origin FROM documents WHERE type=? AND id=?")) {
            q.setString(1, type);
            q.setString(2, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    /** The stored versions (tombstones included) of the given keys ({@code type/id}), in few queries. */
    public Map<String, StoredDocument> getMany(Collection<String> keys) throws SQLException {
        Map<String, List<String>> idsByType = new TreeMap<>();
        for (String key : keys) {
            int slash = key.indexOf('/');
            idsByType.computeIfAbsent(key.substring(0, slash), t -> new ArrayList<>()).add(key.substring(slash + 1));
        }
        Map<String, StoredDocument> out = new java.util.HashMap<>();
        for (var e : idsByType.entrySet()) {
            List<String> ids = e.getValue();
            // SQLite allows many parameters, but a bounded IN list keeps each statement small.
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement q = db.prepareStatement("SELECT type, id, body, vector, wall, counter, origin"
                        + " FROM documents WHERE type=? AND id IN (" + marks + ")")) {
                    q.setString(1, e.getKey());
                    for (int i = 0; i < chunk.size(); i++) {
                        q.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            StoredDocument d = read(r);
                            out.put(d.key(), d);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Documents of the given types (all types when empty), tombstones included when asked. Filtered
     * by SQLite on the primary key, so reading one small type does not read every virtual service.
     */
    public List<StoredDocument> list(Collection<String> types, boolean withTombstones) throws SQLException {
        List<String> wanted = List.copyOf(new java.util.TreeSet<>(types));
        String where = (wanted.isEmpty() ? "" : " WHERE type IN ("
                + String.join(",", java.util.Collections.nCopies(wanted.size(), "?")) + ")")
                + (withTombstones ? "" : (wanted.isEmpty() ? " WHERE" : " AND") + " body IS NOT NULL");
        List<StoredDocument> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT type, id, body, vector, wall, counter, origin FROM documents" + where + " ORDER BY type, id")) {
            for (int i = 0; i < wanted.size(); i++) {
                q.setString(i + 1, wanted.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
        }
        return out;
    }

    /** Writes documents and conflicts in one transaction: all of them are stored, or none. */
    public void write(List<StoredDocument> documents, List<StoredConflict> conflicts) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("INSERT OR REPLACE INTO documents"
                + " (type, id, body, vector, wall, counter, origin) VALUES (?,?,?,?,?,?,?)");
             PreparedStatement cf = db.prepareStatement("INSERT OR REPLACE INTO conflicts"
                     + " (type, id, winner_body, winner_version, loser_body, loser_version, detected_at)"
                     + " VALUES (?,?,?,?,?,?,?)")) {
            for (StoredDocument d : documents) {
                up.setString(1, d.type());
                up.setString(2, d.id());
                up.setString(3, d.body());
                up.setString(4, JSON.writeValueAsString(d.version().vector()));
                up.setLong(5, d.version().wall());
                up.setInt(6, d.version().counter());
                up.setString(7, d.version().origin());
                up.addBatch();
            }
            for (StoredConflict c : conflicts) {
                cf.setString(1, c.winner().type());
                cf.setString(2, c.winner().id());
                cf.setString(3, c.winner().body());
                cf.setString(4, JSON.writeValueAsString(versionJson(c.winner().version())));
                cf.setString(5, c.loser().body());
                cf.setString(6, JSON.writeValueAsString(versionJson(c.loser().version())));
                cf.setLong(7, c.detectedAt());
                cf.addBatch();
            }
            up.executeBatch();
            cf.executeBatch();
            db.commit();
        } catch (SQLException | IOException e) {
            db.rollback();
            throw e instanceof SQLException sql ? sql : new SQLException(e);
        }
    }

    public List<StoredConflict> conflicts() throws SQLException {
        List<StoredConflict> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT type, id, winner_body,"
                + " winner_version, loser_body, loser_version, detected_at FROM conflicts ORDER BY type, id")) {
            while (r.next()) {
                String type = r.getString(1);
                String id = r.getString(2);
                out.add(new StoredConflict(new StoredDocument(type, id, r.getString(3), parseVersion(r.getString(4))),
                        new StoredDocument(type, id, r.getString(5), parseVersion(r.getString(6))), r.getLong(7)));
            }
        }
        return out;
    }

    public boolean removeConflict(String type, String id) throws SQLException {
        try (PreparedStatement d = db.prepareStatement("DELETE FROM conflicts WHERE type=? AND id=?")) {
            d.setString(1, type);
            d.setString(2, id);
            int n = d.executeUpdate();
            db.commit();
            return n > 0;
        }
    }

    /** Deletes tombstones both nodes have: given by key with the version the partner confirmed. */
    public int collectTombstones(Map<String, Version> confirmedByPartner) throws SQLException {
        int n = 0;
        try (PreparedStatement d = db.prepareStatement(
                "DELETE FROM documents WHERE type=? AND id=? AND body IS NULL AND vector=?")) {
            for (var e : confirmedByPartner.entrySet()) {
                int slash = e.getKey().indexOf('/');
                d.setString(1, e.getKey().substring(0, slash));
                d.setString(2, e.getKey().substring(slash + 1));
                d.setString(3, JSON.writeValueAsString(e.getValue().vector()));
                n += d.executeUpdate();
            }
            db.commit();
        } catch (IOException e) {
            db.rollback();
            throw new SQLException(e);
        }
        return n;
    }

    /**
     * Per-type digests of versions (not bodies: GEO bodies differ by design between the two nodes). Reads
     * the version columns only: a comparison of 10,000 virtual services need not read their bodies.
     */
    public Map<String, String> digest(Collection<String> types) throws SQLException {
        List<String> wanted = List.copyOf(new java.util.TreeSet<>(types));
        String where = wanted.isEmpty() ? "" : " WHERE type IN ("
                + String.join(",", java.util.Collections.nCopies(wanted.size(), "?")) + ")";
        Map<String, MessageDigest> per = new TreeMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT type, id, vector, wall, counter, origin,"
                + " body IS NULL FROM documents" + where + " ORDER BY type, id")) {
            for (int i = 0; i < wanted.size(); i++) {
                q.setString(i + 1, wanted.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Version v = version(r, 3);
                    per.computeIfAbsent(r.getString(1), t -> sha256()).update((r.getString(2) + "|" + v.digestText()
                            + "|" + (r.getBoolean(7) ? "x" : "") + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        per.forEach((t, md) -> out.put(t, HexFormat.of().formatHex(md.digest())));
        return out;
    }

    public Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM meta WHERE key=?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)")) {
            u.setString(1, key);
            u.setString(2, value);
            u.executeUpdate();
        }
    }

    private static StoredDocument read(ResultSet r) throws SQLException {
        return new StoredDocument(r.getString(1), r.getString(2), r.getString(3), version(r, 4));
    }

    /** The version in columns {@code from} (vector), then wall, counter and origin. */
    private static Version version(ResultSet r, int from) throws SQLException {
        try {
            Map<String, Long> vector = JSON.readValue(r.getString(from), VECTOR);
            return new Version(vector, r.getLong(from + 1), r.getInt(from + 2), r.getString(from + 3));
        } catch (IOException e) {
            throw new SQLException("corrupt version of " + r.getString(1) + "/" + r.getString(2), e);
        }
    }

    private static Map<String, Object> versionJson(Version v) {
        return Map.of("vector", v.vector(), "wall", v.wall(), "counter", v.counter(), "origin", v.origin());
    }

    private static Version parseVersion(String json) throws SQLException {
        try {
            var n = JSON.readTree(json);
            Map<String, Long> vector = JSON.convertValue(n.get("vector"), VECTOR);
            return new Version(vector, n.get("wall").asLong(), n.get("counter").asInt(), n.get("origin").asText());
        } catch (IOException | RuntimeException e) {
            throw new SQLException("corrupt conflict version", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

}
