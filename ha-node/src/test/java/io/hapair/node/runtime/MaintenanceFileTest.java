package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleTiming;
import io.hapair.node.role.TransitionReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance as the data directory keeps it, on a node with HA off (a forced maintenance then answers 503 at once).
 */
class MaintenanceFileTest {

    private static final RoleTiming TIMING = new RoleTiming(Duration.ofMillis(200), Duration.ofMillis(450),
            Duration.ofMillis(900), Duration.ofMillis(3000), 2, Duration.ofMillis(10_000));

    @TempDir
    Path dataDir;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private RoleShell shell() {
        RoleShell shell = new RoleShell(new NodeIdentity("solo", HaMode.NONE, PreferredServer.PREFER_MASTER, "1", 8444),
                TIMING, new RoleShell.Effects() {
                    @Override
                    public void announce() {
                    }

                    @Override
                    public void transition(Activity to, TransitionReason reason) {
                    }

                    @Override
                    public void witnessWishChanged() {
                    }
                });
        shell.begin();
        shell.handle(new RoleEvent.ServersListening());
        return shell;
    }

    private static <T> T done(Future<T> future) throws Exception {
        return future.await(10, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        return future.transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
    }

    @Test
    void maintenanceIsWrittenToTheDataDirectoryAndComesBackAfterARestartUntilLeft() throws Exception {
        RoleShell before = shell();
        Maintenance first = new Maintenance(vertx, dataDir, before);
        String detail = done(first.request(true, true, "bal@10.0.0.1"));

        assertThat(detail).contains("in maintenance");
        assertThat(before.activity()).isEqualTo(Activity.STANDBY);
        Path file = dataDir.resolve(Maintenance.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new JsonObject(Files.readString(file)).getString("by")).isEqualTo("bal@10.0.0.1");
        assertThat(dataDir.resolve(Maintenance.FILE + ".tmp")).doesNotExist();

        RoleShell after = shell();
        Maintenance restarted = new Maintenance(vertx, dataDir, after);
        done(restarted.restore());

        assertThat(after.inMaintenance()).isTrue();
        assertThat(after.activity()).isEqualTo(Activity.STANDBY);
        assertThat(restarted.status().getBoolean("enabled")).isTrue();
        assertThat(restarted.status().getString("by")).isEqualTo("bal@10.0.0.1");

        done(restarted.request(false, false, "bal@10.0.0.1"));

        assertThat(file).doesNotExist();
        assertThat(after.activity()).isEqualTo(Activity.ACTIVE);
    }

    @Test
    void anUnreadableFileStillMeansMaintenance() throws Exception {
        Files.writeString(dataDir.resolve(Maintenance.FILE), "{half a fi");
        RoleShell shell = shell();
        Maintenance maintenance = new Maintenance(vertx, dataDir, shell);

        done(maintenance.restore());

        assertThat(shell.inMaintenance()).isTrue();
        assertThat(maintenance.status().getString("by")).startsWith("unknown");
    }

    @Test
    void aRefusedRequestWritesNothing() throws Exception {
        Maintenance maintenance = new Maintenance(vertx, dataDir, shell());

        Throwable refused = failureOf(maintenance.request(true, false, "bal@10.0.0.1"));

        assertThat(refused).hasMessageContaining("HA is off on this node");
        assertThat(dataDir.resolve(Maintenance.FILE)).doesNotExist();
    }

    @Test
    void aDataDirectoryThatCannotKeepItSaysTheMaintenanceWillNotSurviveARestartUntilAskedAgain() throws Exception {
        Path missing = dataDir.resolve("gone");
        Maintenance maintenance = new Maintenance(vertx, missing, shell());

        Throwable failure = failureOf(maintenance.request(true, true, "bal@10.0.0.1"));

        assertThat(failure).isInstanceOf(Maintenance.NotSaved.class)
                .hasMessageContaining("in maintenance").hasMessageContaining("a restart ends the maintenance");
        long since = maintenance.status().getLong("since");

        Files.createDirectories(missing);
        done(maintenance.request(true, false, "bal@10.0.0.2"));

        assertThat(new JsonObject(Files.readString(missing.resolve(Maintenance.FILE))).getLong("since"))
                .as("asked again, the maintenance is kept from the first request on").isEqualTo(since);
    }
}
