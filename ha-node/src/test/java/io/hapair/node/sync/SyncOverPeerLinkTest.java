package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.peer.AnyPartnerCertificate;
import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.PeerLink;
import io.hapair.node.peer.PeerTransport;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes' settings and sync layers over a real TLS peer link, in one JVM. */
class SyncOverPeerLinkTest {

    private static final String SECRET = "sync-test-pair-secret";
    private static final Set<String> SYNCED = Set.of("virtual-services", "geo-clusters");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<SettingsStore> stores = new ArrayList<>();

    private final class Node {
        final String address;
        final int port;
        Context context;
        SettingsService settings;
        SyncService sync;
        PeerLink link;

        Node(String address) {
            this.address = address;
            this.port = TestPorts.free(address);
        }

        void start(Node partner, String software) throws Exception {
            SettingsStore store = SettingsStore.open(dir.resolve(address));
            stores.add(store);
            context = vertx.getOrCreateContext();
            NodeCertificate cert = NodeCertificate.ensure(null, null, dir.resolve(address), address, List.of(address));
            Promise<Void> ready = Promise.promise();
            context.runOnContext(v -> {
                settings = new SettingsService(vertx.createSharedWorkerExecutor("store-" + address, 1), store,
                        address, System::currentTimeMillis);
                sync = new SyncService(vertx, settings, () -> link,
                        new SyncService.Identity(software, SettingsStore.SCHEMA_VERSION, address, partner.address),
                        SYNCED, Set.of("geo-clusters"), (type, body, from, to) -> type.equals("geo-clusters") ? body.replace(from, to) : body);
                settings.onLocalCommit(sync::push);
                link = new PeerLink(vertx, new PeerLink.Endpoints(address, port, partner.address, partner.port),
                        SECRET, cert, AnyPartnerCertificate.INSTANCE, new PeerTransport.Listener() {
                            @Override
                            public void heartbeat(Heartbeat heartbeat) {
                            }

                            @Override
                            public void message(String type, String body) {
                                sync.receive(type, body);
                            }

                            @Override
                            public void handshakePending(boolean pending) {
                            }

                            @Override
                            public void connected() {
                                sync.compareNow("reconnect");
                            }

                            @Override
                            public void linkLost(String cause) {
                                sync.linkLost(cause);
                            }

                            @Override
                            public void partnerGone(String cause) {
                                sync.linkLost(cause);
                            }
                        });
                link.start().onComplete(ready);
            });
            ready.future().await(10, TimeUnit.SECONDS);
        }

        void stopLink() throws Exception {
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> link.stop().onComplete(done));
            done.future().await(10, TimeUnit.SECONDS);
        }

        Optional<String> body(String type, String id) throws Exception {
            return settings.get(type, id).await(5, TimeUnit.SECONDS).map(StoredDocument::body);
        }

        StoredDocument put(String type, String id, String body) throws Exception {
            return settings.put(type, id, body, null).await(5, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        for (SettingsStore s : stores) {
            s.close();
        }
    }

    private Node[] pair(String software1, String software2) throws Exception {
        Node a = new Node("127.0.3.51");
        Node b = new Node("127.0.3.52");
        a.start(b, software1);
        b.start(a, software2);
        await().atMost(WAIT).until(() -> a.link.canSend() && b.link.canSend());
        return new Node[] {a, b};
    }

    @Test
    void changesOnEitherNodeReachTheOtherAndAreAcknowledged() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].put("virtual-services", "web", "{\"port\":80}");
        n[1].put("virtual-services", "dns", "{\"port\":53}");

        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "web").isPresent()
                && n[0].body("virtual-services", "dns").isPresent());
        await().atMost(WAIT).until(() -> n[0].sync.state().pendingChanges() == 0 && n[0].sync.state().lagMillis() >= 0);

        n[0].settings.delete("virtual-services", "dns", null).await(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "dns").isEmpty());
    }

    @Test
    void deletionsAreForgottenOnceBothNodesHaveThemExceptOfTypesSharedWithGeoPartners() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].put("virtual-services", "web", "{\"port\":80}");
        n[0].put("geo-clusters", "site", "{\"address\":\"192.0.2.7\"}");
        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "web").isPresent()
                && n[1].body("geo-clusters", "site").isPresent());
        n[0].settings.delete("virtual-services", "web", null).await(5, TimeUnit.SECONDS);
        n[0].settings.delete("geo-clusters", "site", null).await(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "web").isEmpty()
                && n[1].body("geo-clusters", "site").isEmpty());

        await().atMost(WAIT).untilAsserted(() -> {
            n[0].sync.compareNow("test");
            assertThat(n[0].settings.index(SYNCED).await(5, TimeUnit.SECONDS)).doesNotContainKey("virtual-services/web");
        });
        assertThat(n[0].settings.index(SYNCED).await(5, TimeUnit.SECONDS)).as("a GEO partner may still offer it back")
                .containsKey("geo-clusters/site");
    }

    @Test
    void afterAReconnectEachMissedDocumentTravelsOnceThoughBothNodesCompare() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].stopLink();
        n[1].stopLink();
        for (int i = 0; i < 50; i++) {
            n[0].put("virtual-services", "a-" + i, "{}");
            n[1].put("virtual-services", "b-" + i, "{}");
        }
        long before0 = n[0].sync.state().receivedDocuments();
        long before1 = n[1].sync.state().receivedDocuments();
        Promise<Void> restarted = Promise.promise();
        n[0].context.runOnContext(v -> n[0].link.start().onComplete(restarted));
        restarted.future().await(10, TimeUnit.SECONDS);
        Promise<Void> restarted2 = Promise.promise();
        n[1].context.runOnContext(v -> n[1].link.start().onComplete(restarted2));
        restarted2.future().await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> n[0].body("virtual-services", "b-49").isPresent()
                && n[1].body("virtual-services", "a-49").isPresent());
        await().atMost(WAIT).during(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(List.of(
                n[0].sync.state().receivedDocuments() - before0, n[1].sync.state().receivedDocuments() - before1))
                .as("documents received by each node").isEqualTo(List.of(50L, 50L)));
    }

    @Test
    void nodeLocalSettingsNeverLeaveTheNode() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].put("hostname", "default", "{\"hostname\":\"lb-1\"}");
        n[0].put("virtual-services", "marker", "{}");

        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "marker").isPresent());
        n[1].sync.compareNow("test");
        await().atMost(WAIT).until(() -> n[1].sync.state().lastComparisonDoneAt() > 0);
        assertThat(n[1].body("hostname", "default")).isEmpty();
    }

    @Test
    void geoDocumentsAreRewrittenForTheReceiver() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].put("geo-clusters", "site", "{\"address\":\"127.0.3.51\"}");

        await().atMost(WAIT).until(() -> n[1].body("geo-clusters", "site").isPresent());
        assertThat(n[1].body("geo-clusters", "site")).contains("{\"address\":\"127.0.3.52\"}");
    }

    @Test
    void editsMadeWhileTheLinkWasDownConvergeOnReconnectWithTheLoserKept() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].put("virtual-services", "web", "{\"port\":80}");
        await().atMost(WAIT).until(() -> n[1].body("virtual-services", "web").isPresent());

        n[0].stopLink();
        n[1].stopLink();
        n[0].put("virtual-services", "web", "{\"port\":81}");
        Thread.sleep(5);
        n[1].put("virtual-services", "web", "{\"port\":82}");
        n[0].put("virtual-services", "only-on-a", "{}");
        Promise<Void> restarted = Promise.promise();
        n[0].context.runOnContext(v -> n[0].link.start().onComplete(restarted));
        restarted.future().await(10, TimeUnit.SECONDS);
        Promise<Void> restarted2 = Promise.promise();
        n[1].context.runOnContext(v -> n[1].link.start().onComplete(restarted2));
        restarted2.future().await(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> n[0].body("virtual-services", "web").equals(n[1].body("virtual-services", "web"))
                && n[1].body("virtual-services", "only-on-a").isPresent());
        assertThat(n[0].body("virtual-services", "web")).contains("{\"port\":82}");
        await().atMost(WAIT).until(() -> n[0].settings.conflicts().await(5, TimeUnit.SECONDS).size() == 1
                && n[1].settings.conflicts().await(5, TimeUnit.SECONDS).size() == 1);
        assertThat(n[1].settings.conflicts().await(5, TimeUnit.SECONDS).get(0).loser().body()).isEqualTo("{\"port\":81}");
    }

    @Test
    void acceptingTheLoserOnOneNodeClosesTheConflictOnBoth() throws Exception {
        Node[] n = pair("1.0", "1.0");
        n[0].stopLink();
        n[1].stopLink();
        n[0].put("virtual-services", "web", "{\"port\":81}");
        Thread.sleep(5);
        n[1].put("virtual-services", "web", "{\"port\":82}");
        Promise<Void> r0 = Promise.promise();
        n[0].context.runOnContext(v -> n[0].link.start().onComplete(r0));
        r0.future().await(10, TimeUnit.SECONDS);
        Promise<Void> r1 = Promise.promise();
        n[1].context.runOnContext(v -> n[1].link.start().onComplete(r1));
        r1.future().await(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> n[0].settings.conflicts().await(5, TimeUnit.SECONDS).size() == 1
                && n[1].settings.conflicts().await(5, TimeUnit.SECONDS).size() == 1);

        n[0].settings.accept("virtual-services", "web", true).await(5, TimeUnit.SECONDS);
        n[0].context.runOnContext(v -> n[0].sync.resolved("virtual-services", "web"));

        await().atMost(WAIT).until(() -> n[1].settings.conflicts().await(5, TimeUnit.SECONDS).isEmpty()
                && n[1].body("virtual-services", "web").equals(Optional.of("{\"port\":81}")));
        assertThat(n[0].settings.conflicts().await(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void partnerWithAnotherSoftwareVersionGetsNoSettingsAndBothSayWhy() throws Exception {
        Node[] n = pair("1.0", "2.0");
        n[0].put("virtual-services", "web", "{\"port\":80}");
        n[1].put("virtual-services", "dns", "{\"port\":53}");

        await().atMost(WAIT).until(() -> n[0].sync.state().refusal() != null && n[1].sync.state().refusal() != null);
        assertThat(n[1].body("virtual-services", "web")).isEmpty();
        assertThat(n[0].body("virtual-services", "dns")).isEmpty();
        assertThat(n[1].sync.state().refusal()).contains("partner runs software 1.0").contains("upgrade the standby node first");
    }
}
