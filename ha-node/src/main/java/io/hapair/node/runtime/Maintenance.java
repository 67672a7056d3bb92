package io.hapair.node.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.files.DurableFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance mode as the node keeps it: the role machine decides (hand over first, 503, never take over), and
 * {@value #FILE} in the data directory remembers it across restarts until an operator takes the node out. The
 * file's presence is the state; its content says since when and who. Written to a temp file (0600), synced and
 * moved into place, so a crash leaves the old state or the new one. Runs on the node's event loop; the file I/O
 * on a worker, in order.
 */
final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    static final String FILE = "maintenance.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file holds. */
    record Saved(long since, String by) {
    }

    /** The request took effect but could not be written down: it lasts only until the next restart. */
    static final class NotSaved extends Exception {
        private static final long serialVersionUID = 1L;

        NotSaved(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Vertx vertx;
    private final Path file;
    private final RoleShell role;
    /** Null while not in maintenance. */
    private Saved current;

    Maintenance(Vertx vertx, Path dataDir, RoleShell role) {
        this.vertx = vertx;
        this.file = dataDir.resolve(FILE);
        this.role = role;
    }

    /**
     * After the role machine began: a node that was in maintenance when it stopped is again, forced (the
     * operator asked for it before, whatever the partner is now). An unreadable file still means maintenance.
     */
    Future<Void> restore() {
        return vertx.executeBlocking(this::load, true).compose(saved -> {
            if (saved == null) {
                return Future.succeededFuture();
            }
            current = saved;
            LOG.warn("maintenance: {} says this node is in maintenance (since {}, by {}): answering 503 until an"
                    + " operator takes it out", file, saved.since(), saved.by());
            return role.maintenance(true, true, "saved state " + file).mapEmpty();
        });
    }

    /**
     * Enters or leaves maintenance: completes with what happens; fails with the machine's refusal, or with
     * {@link NotSaved} when the change took effect but could not be written.
     */
    Future<String> request(boolean on, boolean force, String by) {
        return role.maintenance(on, force, by).compose(detail -> {
            // Asked again while in maintenance: since and by stay the first request's; the file is written anew,
            // so a request repeated after a failed write keeps it after all.
            if (!on) {
                current = null;
            } else if (current == null) {
                current = new Saved(System.currentTimeMillis(), by);
            }
            Saved next = current;
            return vertx.executeBlocking(() -> {
                write(next);
                return detail;
            }, true).recover(e -> Future.failedFuture(new NotSaved(detail + "; but " + file + " could not be "
                    + (on ? "written" : "removed") + " (" + e.getMessage() + "), so a restart "
                    + (on ? "ends" : "restores") + " the maintenance; fix the data directory and ask again", e)));
        });
    }

    /** The body of {@code GET /api/v1/maintenance}. */
    JsonObject status() {
        return new JsonObject().put("enabled", current != null)
                .put("since", current == null ? null : current.since())
                .put("by", current == null ? null : current.by());
    }

    private Saved load() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), Saved.class);
        } catch (IOException e) {
            LOG.error("maintenance: {} is unreadable ({}); staying in maintenance as its presence says", file,
                    e.getMessage());
            return new Saved(Files.getLastModifiedTime(file).toMillis(), "unknown (unreadable " + FILE + ")");
        }
    }

    private void write(Saved saved) throws IOException {
        if (saved == null) {
            DurableFile.delete(file);
        } else {
            DurableFile.writePrivate(file, JSON.writeValueAsBytes(saved));
        }
    }
}
