package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.dataplane.DataPlane;
import io.hapair.node.dataplane.DataPlaneHealth;
import io.hapair.node.dataplane.HaproxyDataPlane;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.RealServerRef;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.dataplane.model.ServiceStats;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VsCertificate;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.HybridClock;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-plane feed of one node, on a real store and a real HAProxy: documents synced from the partner reach
 * HAProxy and the checks of local edits as local edits do, and an edit is judged on what it changes, whatever
 * else is stored.
 */
class DataPlaneFeedTest {

    private static final String OWN = "127.0.125.1";
    private static final String REAL_SERVER = "127.0.125.11";
    private static final String SERVICES = SettingsType.VIRTUAL_SERVICES.apiPath();
    private static final String CERTIFICATES = SettingsType.VS_CERTIFICATES.apiPath();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Vertx vertx;
    private Context loop;
    private SettingsStore store;
    private SettingsService settings;
    private HaproxyDataPlane plane;
    private DataPlaneFeed feed;
    private int reservedPort;
    private int healthPort;

    @BeforeEach
    void startFeed() throws Exception {
        vertx = Vertx.vertx();
        // As on a node: the feed, the merges and the edits all on one event loop.
        loop = vertx.getOrCreateContext();
        store = SettingsStore.open(dir);
        settings = new SettingsService(vertx.createSharedWorkerExecutor("feed-test-store", 1), store, "solo",
                System::currentTimeMillis);
        reservedPort = TestPorts.free(OWN);
        healthPort = TestPorts.free(OWN);
        plane = newPlane("feed-test-data-plane");
        feed = new DataPlaneFeed(vertx, settings, plane, stats -> { });
        onLoop(feed::start);
    }

    /** The node's HAProxy data plane, in the same directory each time (as a restarted node finds it). */
    private HaproxyDataPlane newPlane(String worker) {
        return new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor(worker, 1),
                new DataPlaneHost(OWN, dir.resolve("data-plane").toString(), Map.of(reservedPort, "the node's API",
                        healthPort, "the health check")),
                "haproxy");
    }

    @AfterEach
    void stop() throws Exception {
        plane.stop(Duration.ZERO).await(60, TimeUnit.SECONDS);
        vertx.close().await(60, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void changesDuringALongApplyWaitThreeTimesItsLengthButASecondAtLeastAndFiveAtMost() {
        assertThat(DataPlaneFeed.gapAfter(40)).isEqualTo(1_000);
        assertThat(DataPlaneFeed.gapAfter(333)).isEqualTo(1_000);
        assertThat(DataPlaneFeed.gapAfter(600)).isEqualTo(1_800);
        assertThat(DataPlaneFeed.gapAfter(1_500)).isEqualTo(4_500);
        assertThat(DataPlaneFeed.gapAfter(20_000)).isEqualTo(5_000);
    }

    @Test
    void aBatchSyncedFromThePartnerIsServedAndTheNextEditIsCheckedAgainstIt() throws Exception {
        int web = TestPorts.free(OWN);
        int secure = TestPorts.free(OWN);
        String other = https("other", TestPorts.free(OWN));

        onLoop(() -> settings.merge(List.of(fromPartner(CERTIFICATES, "www", certificate(), 1),
                fromPartner(SERVICES, "web", tcp("web", web), 1),
                fromPartner(SERVICES, "secure", https("secure", secure), 1))));

        awaitServed(web);
        awaitServed(secure);
        assertThat(onLoop(() -> feed.refusals(SERVICES, null, other))).isEmpty();

        onLoop(() -> settings.merge(List.of(fromPartner(CERTIFICATES, "www", null, 2),
                fromPartner(SERVICES, "secure", null, 2))));

        await("secure leaves HAProxy").atMost(PATIENCE).until(() -> !serves(secure));
        assertThat(serves(web)).isTrue();
        assertThat(onLoop(() -> feed.refusals(SERVICES, null, other))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("certificates[0]");
            assertThat(e.message()).contains("no virtual-service certificate is named 'www'");
        });
    }

    @Test
    void anEditIsNotRefusedForAnotherStoredServiceTheDataPlaneRefusesWhichKeepsTheLastGoodSetServingUntilFixed()
            throws Exception {
        int web = TestPorts.free(OWN);
        int added = TestPorts.free(OWN);
        onLoop(() -> settings.put(SERVICES, "web", tcp("web", web), "none"));
        awaitServed(web);

        // The partner's own ports differ: a service it took is on a port this node's API holds.
        onLoop(() -> settings.merge(List.of(fromPartner(SERVICES, "clash", tcp("clash", reservedPort), 1))));
        long refusedAt = awaitRefusalAfter(-1);
        List<FieldError> refused = feed.applied().rejections();

        List<FieldError> onItsOwn = onLoop(() -> feed.refusals(SERVICES, null, tcp("added", added)));
        List<FieldError> itsOwnFault = onLoop(() -> feed.refusals(SERVICES, null, tcp("added", healthPort)));
        onLoop(() -> settings.put(SERVICES, "added", tcp("added", added), "none"));
        awaitRefusalAfter(refusedAt);

        assertThat(refused).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("virtual-services/clash port");
            assertThat(e.message()).contains("taken on this node by the node's API");
        });
        assertThat(onItsOwn).isEmpty();
        assertThat(itsOwnFault).extracting(FieldError::field).containsExactly("port");
        assertThat(feed.applied().rejections()).isEqualTo(refused);
        assertThat(serves(web)).as("the last good configuration keeps serving").isTrue();
        assertThat(serves(added)).as("the stored edit waits for the broken service").isFalse();

        onLoop(() -> settings.delete(SERVICES, "clash", null));

        // Status follows the reload a moment after HAProxy serves the new set: waited for, not raced.
        await("the set without the broken service applies").atMost(PATIENCE)
                .until(() -> feed.applied().rejections().isEmpty());
        assertThat(serves(added)).isTrue();
        assertThat(serves(web)).isTrue();
    }

    @Test
    void aRestartRendersTheStoredServicesOnceWhenNothingIsCommittedWhileTheDataPlaneStarts() throws Exception {
        int web = TestPorts.free(OWN);
        onLoop(() -> settings.put(SERVICES, "web", tcp("web", web), "none"));
        awaitServed(web);

        AtomicInteger renders = restart(() -> Future.succeededFuture());

        await("the first apply after the restart").atMost(PATIENCE).until(() -> feed.applied().at() > 0);
        assertThat(renders).as("the start's rendering is the one applied").hasValue(1);
        assertThat(feed.applied().how()).as("HAProxy started with what is stored: no reload").isEqualTo("unchanged");
        assertThat(serves(web)).isTrue();
    }

    @Test
    void anEditCommittedWhileTheDataPlaneStartsIsAppliedRightAfterTheStart() throws Exception {
        int web = TestPorts.free(OWN);
        int added = TestPorts.free(OWN);
        onLoop(() -> settings.put(SERVICES, "web", tcp("web", web), "none"));
        awaitServed(web);

        // Committed after the start's rendering (the data plane starts with that rendering), before the first apply.
        AtomicInteger renders = restart(() -> settings.put(SERVICES, "added", tcp("added", added), "none").mapEmpty());

        awaitServed(added);
        assertThat(renders).as("the start's rendering, then one with the edit").hasValue(2);
        assertThat(serves(web)).isTrue();
    }

    /**
     * Stops the data plane and starts a new feed and data plane over the same store, as a restarted node does;
     * {@code whileStarting} runs on the feed's loop when the feed starts the data plane. Returns the count of the
     * new feed's renderings of the stored set.
     */
    private AtomicInteger restart(Supplier<Future<Void>> whileStarting) throws Exception {
        plane.stop(Duration.ZERO).await(60, TimeUnit.SECONDS);
        settings = new SettingsService(vertx.createSharedWorkerExecutor("feed-test-store-restarted", 1), store, "solo",
                System::currentTimeMillis);
        plane = newPlane("feed-test-data-plane-restarted");
        AtomicInteger renders = new AtomicInteger();
        feed = new DataPlaneFeed(vertx, settings, new RenderCounting(plane, renders, whileStarting), stats -> { });
        onLoop(feed::start);
        return renders;
    }

    /** The data plane, counting its renderings, and running {@code whileStarting} before it starts. */
    private record RenderCounting(DataPlane plane, AtomicInteger renders, Supplier<Future<Void>> whileStarting)
            implements DataPlane {

        @Override
        public Rendering render(Collection<VirtualService> services, Collection<VsCertificate> certificates) {
            renders.incrementAndGet();
            return plane.render(services, certificates);
        }

        @Override
        public Future<List<Rejection>> validate(Rendering rendering) {
            return plane.validate(rendering);
        }

        @Override
        public Future<Applied> apply(Rendering rendering) {
            return plane.apply(rendering);
        }

        @Override
        public Future<List<ServiceStats>> observe() {
            return plane.observe();
        }

        @Override
        public Future<Void> setServerState(RealServerRef server, ServerState state) {
            return plane.setServerState(server, state);
        }

        @Override
        public Future<Void> setServerWeight(RealServerRef server, int weight) {
            return plane.setServerWeight(server, weight);
        }

        @Override
        public Future<DataPlaneHealth> start(Rendering wanted) {
            return whileStarting.get().compose(v -> plane.start(wanted));
        }

        @Override
        public Future<Void> stop(Duration drain) {
            return plane.stop(drain);
        }

        @Override
        public DataPlaneHealth health() {
            return plane.health();
        }

        @Override
        public void onHealth(Consumer<DataPlaneHealth> listener) {
            plane.onHealth(listener);
        }
    }

    /** Runs {@code work} on the feed's event loop and waits for its result. */
    private <T> T onLoop(Supplier<Future<T>> work) throws Exception {
        return Future.<T>future(p -> loop.runOnContext(v -> work.get().onComplete(p))).await(60, TimeUnit.SECONDS);
    }

    /** Waits for the data plane to refuse the stored set after {@code after}; returns when it did. */
    private long awaitRefusalAfter(long after) {
        await("the data plane refuses the stored set").atMost(PATIENCE).until(() -> feed.applied().rejectedAt() > after);
        return feed.applied().rejectedAt();
    }

    private void awaitServed(int port) {
        await("HAProxy serves " + OWN + ":" + port).atMost(PATIENCE).until(() -> serves(port));
    }

    private static boolean serves(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(OWN, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A partner's version {@code edits} of a document it created; a tombstone when {@code body} is null. */
    private static StoredDocument fromPartner(String type, String id, String body, int edits) {
        HybridClock.Stamp stamp = new HybridClock.Stamp(System.currentTimeMillis(), 0);
        Version v = Version.first("partner", stamp);
        for (int i = 1; i < edits; i++) {
            v = v.next("partner", stamp);
        }
        return new StoredDocument(type, id, body, v);
    }

    private static String tcp(String name, int port) {
        return service(name, port, "\"protocol\": \"tcp\"");
    }

    private static String https(String name, int port) {
        return service(name, port, "\"protocol\": \"https\", \"certificates\": [\"www\"]");
    }

    /** A service as the store holds it (the settings' canonical JSON, defaults filled in). */
    private static String service(String name, int port, String protocol) {
        return SettingsCodec.toJson(SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, """
                {"name": "%s", "address": "10.0.0.10", "port": %d, %s,
                 "realServers": [{"address": "%s", "port": 9}]}""".formatted(name, port, protocol, REAL_SERVER)));
    }

    private static String certificate() {
        return SettingsCodec.toJson(new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                TestCertificates.EC_LEAF.keyPem()));
    }
}
