package io.hapair.node.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hapair.node.naming.model.ResolvConf;
import io.hapair.node.settings.HostReading;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper on a real store and a resolver file of the test. The host name stays this host's: the keeper is given
 * the name the host has already (it runs nothing), or {@code true} as the command, which changes nothing (the host's
 * name is set for real in tests/.../host/HostNamingTest, in a UTS namespace).
 */
class NamingKeeperTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CLOUD = "nameserver 168.63.129.16\nsearch cloud.example\n";

    @TempDir
    Path dir;
    private Path file;
    private Vertx vertx;
    private Context loop;
    private SettingsStore store;
    private SettingsService settings;

    @BeforeEach
    void open() throws Exception {
        file = Files.writeString(dir.resolve("resolv.conf"), CLOUD);
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
        store = SettingsStore.open(dir.resolve("store"));
        settings = new SettingsService(vertx.createSharedWorkerExecutor("naming-test-store", 1), store, "solo",
                System::currentTimeMillis);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
        store.close();
    }

    private NamingKeeper keeper(String... command) throws Exception {
        return deployed(new NamingKeeper(settings, new NamingHost(List.of(command), file), true));
    }

    private NamingKeeper deployed(NamingKeeper keeper) throws Exception {
        onLoop(() -> vertx.deployVerticle(keeper));
        return keeper;
    }

    private void put(String type, String body) throws Exception {
        onLoop(() -> settings.put(type, type, body, null));
    }

    @Test
    void storedSettingsReachTheFileAndReadBackWithoutDriftUntilTheFileIsChangedBehindTheNodesBack() throws Exception {
        String hostname = NamingHost.hostname();
        put("hostname", "{\"name\":\"" + hostname + "\"}");
        put("name-server", "{\"addresses\":[\"10.0.0.2\",\"10.0.0.3\"]}");
        put("domain", "{\"name\":\"example.com\"}");
        NamingKeeper keeper = keeper(dir.resolve("no-such-program").toString());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(file).hasContent(ResolvConf.HEADER
                + "search example.com\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n"));
        List<HostReading> readings = onLoop(keeper::readings);
        assertThat(readings).containsExactly(
                new HostReading("hostname", "name", hostname, hostname, "/proc/sys/kernel/hostname"),
                new HostReading("name-server", "addresses", "10.0.0.2, 10.0.0.3", "10.0.0.2, 10.0.0.3", file.toString()),
                new HostReading("domain", "name", "example.com", "example.com", file.toString()));

        Files.writeString(file, "nameserver 10.9.9.9\nsearch example.com\n");
        assertThat(onLoop(keeper::readings)).filteredOn(HostReading::drift).singleElement()
                .satisfies(r -> assertThat(r.actual()).isEqualTo("10.9.9.9"));

        put("domain", "{\"name\":\"example.org\"}");
        await("the next change puts the name servers right too").atMost(PATIENCE).untilAsserted(() ->
                assertThat(file).hasContent(ResolvConf.HEADER
                        + "search example.org\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n"));
        assertThat(onLoop(keeper::readings)).noneMatch(HostReading::drift);
    }

    @Test
    void nothingStoredLeavesTheHostAloneAndHasNoReadings() throws Exception {
        NamingKeeper keeper = keeper("true");

        // After the start's apply: both go through the store's worker, then the keeper's, one task at a time.
        assertThat(onLoop(keeper::readings)).isEmpty();
        assertThat(file).hasContent(CLOUD);
    }

    @Test
    void aDeletedSettingIsNoLongerManagedAndTheHostKeepsWhatItHas() throws Exception {
        put("name-server", "{\"addresses\":[\"10.0.0.2\"]}");
        NamingKeeper keeper = keeper("true");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(file).content().contains("nameserver 10.0.0.2\n")
                .contains("search cloud.example\n").doesNotContain("168.63.129.16"));

        onLoop(() -> settings.delete("name-server", "name-server", null));
        put("domain", "{\"name\":\"example.com\"}");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(file).hasContent(ResolvConf.HEADER
                + "search example.com\nnameserver 10.0.0.2\n"));
        assertThat(onLoop(keeper::readings)).extracting(HostReading::setting).containsExactly("domain");
    }

    @Test
    void aNameTheCommandDoesNotSetShowsAsDrift() throws Exception {
        String other = "x" + NamingHost.hostname().hashCode();
        put("hostname", "{\"name\":\"" + other + "\"}");
        NamingKeeper keeper = keeper("true");

        assertThat(onLoop(keeper::readings)).singleElement().satisfies(r -> {
            assertThat(r.stored()).isEqualTo(other);
            assertThat(r.actual()).isEqualTo(NamingHost.hostname());
            assertThat(r.drift()).isTrue();
        });
        assertThat(file).as("no name server or domain stored").hasContent(CLOUD);
    }

    @Test
    void aStoreOnlyNodeRunsNoCommandAndWritesNoFileButShowsTheStoredSettingsAsDrift() throws Exception {
        Path ran = dir.resolve("hostname-command-ran");
        put("hostname", "{\"name\":\"x" + NamingHost.hostname().hashCode() + "\"}");
        put("name-server", "{\"addresses\":[\"10.0.0.2\"]}");
        NamingKeeper keeper = deployed(new NamingKeeper(settings,
                new NamingHost(List.of("sh", "-c", "touch " + ran, "set-hostname"), file), false));

        put("domain", "{\"name\":\"example.com\"}");

        // Readings queue behind anything the keeper would have started on the same workers.
        assertThat(onLoop(keeper::readings)).extracting(HostReading::setting, HostReading::drift).containsExactly(
                tuple("hostname", true),
                tuple("name-server", true),
                tuple("domain", true));
        assertThat(file).as("the host's resolver file").hasContent(CLOUD);
        assertThat(ran).as("the host name command").doesNotExist();
    }

    private <T> T onLoop(Supplier<Future<T>> work) throws Exception {
        return Future.<T>future(p -> loop.runOnContext(v -> work.get().onComplete(p))).await(60, TimeUnit.SECONDS);
    }
}
