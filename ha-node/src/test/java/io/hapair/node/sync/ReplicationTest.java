package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.model.Outbox;
import io.hapair.node.sync.model.ReplicaIndex;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.SyncScope;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication protocol on a channel like the GEO partners' (it does not pull, keeps its deletions,
 * rewrites documents on the way out and in), against a real store, with a transport that records what
 * would travel and a test that answers as the partner would.
 */
class ReplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final List<Object> offers = new CopyOnWriteArrayList<>();
    private final List<Outbox.Batch> delivered = new CopyOnWriteArrayList<>();
    private SettingsStore store;
    private SettingsService settings;
    private Replication sharing;
    private Replication.Link link;

    @BeforeEach
    void open() throws Exception {
        store = SettingsStore.open(dir);
        settings = new SettingsService(vertx.createSharedWorkerExecutor("replication-test", 1), store, "here",
                System::currentTimeMillis);
        sharing = new Replication(settings, new Replication.Policy("test", new SyncScope(Set.of("fqdns"), Set.of("fqdns")),
                false, 2, d -> d.deleted() ? d : withBody(d, d.body().replace("here", "unit")), d -> {
                    if ("{\"invalid\":true}".equals(d.body())) {
                        throw new IllegalArgumentException(d.key() + " is invalid");
                    }
                    return d.deleted() ? d : withBody(d, d.body().replace("unit", "here"));
                }));
        link = sharing.link("the partner", new Replication.Transport() {
            @Override
            public boolean canSend() {
                return true;
            }

            @Override
            public void offer(Map<String, String> digests) {
                offers.add(digests);
            }

            @Override
            public void deliver(Outbox.Batch batch) {
                delivered.add(batch);
            }
        }, new SyncState());
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        store.close();
    }

    private static StoredDocument withBody(StoredDocument d, String body) {
        return new StoredDocument(d.type(), d.id(), body, d.version());
    }

    /** Runs {@code work} on the node's context, as the node does, and waits for its result. */
    private <T> T on(Supplier<Future<T>> work) throws Exception {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(done));
        return done.future().await(10, TimeUnit.SECONDS);
    }

    private void store(String type, String id, String body) throws Exception {
        settings.put(type, id, body, null).await(5, TimeUnit.SECONDS);
    }

    /** The stored FQDNs by id, as committed (the versions a push carries). */
    private Map<String, StoredDocument> storedFqdns() throws Exception {
        Map<String, StoredDocument> byId = new HashMap<>();
        settings.list(List.of("fqdns")).await(5, TimeUnit.SECONDS).forEach(d -> byId.put(d.id(), d));
        return byId;
    }

    @Test
    void anOfferOfTheSameDigestsIsAnsweredWithoutAnyVersion() throws Exception {
        store("fqdns", "www", "{\"at\":\"here\"}");
        store("admin-certificate", "default", "{\"privateKey\":\"secret\"}");
        Map<String, String> same = settings.digest(List.of("fqdns")).await(5, TimeUnit.SECONDS);

        ReplicaIndex answer = on(() -> sharing.answerOffer(same));

        assertThat(answer.types()).isEmpty();
        assertThat(answer.versions()).as("no type differs, so no document is named, least of all a node-local one")
                .isEmpty();
    }

    @Test
    void anAnswerNamingTypesTheChannelDoesNotCarryGetsNoneOfTheirDocuments() throws Exception {
        store("fqdns", "www", "{\"at\":\"here\"}");
        store("admin-certificate", "default", "{\"privateKey\":\"secret\"}");

        context.runOnContext(v -> link.indexed(new ReplicaIndex(List.of("admin-certificate", "fqdns"), Map.of())));

        await().atMost(WAIT).until(() -> link.state().lastComparisonDoneAt() > 0);
        assertThat(delivered).flatMap(Outbox.Batch::docs).extracting(StoredDocument::key).containsExactly("fqdns/www");
        assertThat(delivered.get(0).docs().get(0).body()).as("in the channel's outgoing form").isEqualTo("{\"at\":\"unit\"}");
    }

    @Test
    void whatThePartnerHoldsNewerIsLeftToItsOwnComparisonOnAChannelThatDoesNotPull() throws Exception {
        store("fqdns", "www", "{\"at\":\"here\"}");
        Version newer = new Version(Map.of("here", 1L, "there", 1L), System.currentTimeMillis(), 0, "there");

        context.runOnContext(v -> link.indexed(new ReplicaIndex(List.of("fqdns"), Map.of("fqdns/www", newer,
                "fqdns/api", newer))));

        await().atMost(WAIT).until(() -> link.state().lastComparisonDoneAt() > 0);
        assertThat(link.state().lastComparisonWanted()).isZero();
        assertThat(delivered).isEmpty();
        assertThat(link.state().lastExchange().outcome()).isEqualTo("in sync");
    }

    @Test
    void aComparisonThatWantsThePartnersNewerDocumentsTellsTheStoreHowManyAreComingBeforeAskingForThem()
            throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        settings.onMoving(n -> heard.add("expecting " + n));
        Replication pulling = new Replication(settings, new Replication.Policy("pulling", new SyncScope(Set.of("fqdns"),
                Set.of("fqdns")), true, 2, UnaryOperator.identity(), UnaryOperator.identity()));
        Replication.Link asking = pulling.link("the partner", new Replication.Transport() {
            @Override
            public boolean canSend() {
                return true;
            }

            @Override
            public void offer(Map<String, String> digests) {
            }

            @Override
            public void deliver(Outbox.Batch batch) {
            }

            @Override
            public void want(List<String> keys) {
                heard.add("wanted " + keys.size());
            }
        }, new SyncState());
        Version theirs = new Version(Map.of("there", 1L), System.currentTimeMillis(), 0, "there");

        context.runOnContext(v -> asking.indexed(new ReplicaIndex(List.of("fqdns"), Map.of("fqdns/www", theirs,
                "fqdns/api", theirs, "fqdns/mail", theirs))));

        await().atMost(WAIT).until(() -> asking.state().lastComparisonDoneAt() > 0);
        assertThat(heard).containsExactly("expecting 3", "wanted 3");
    }

    @Test
    void aDeliveryWithOneDocumentTheChannelRefusesStoresNoneOfIt() throws Exception {
        Version v = new Version(Map.of("there", 1L), 1, 0, "there");
        List<StoredDocument> delivery = List.of(new StoredDocument("fqdns", "www", "{\"at\":\"unit\"}", v),
                new StoredDocument("fqdns", "bad", "{\"invalid\":true}", v));

        assertThatThrownBy(() -> sharing.accept(delivery, link.state())).hasMessage("fqdns/bad is invalid");

        assertThat(settings.list(List.of("fqdns")).await(5, TimeUnit.SECONDS)).isEmpty();
        on(() -> sharing.accept(delivery.subList(0, 1), link.state()));
        assertThat(settings.get("fqdns", "www").await(5, TimeUnit.SECONDS)).map(StoredDocument::body)
                .as("in this node's form").contains("{\"at\":\"here\"}");
        assertThat(link.state().receivedDocuments()).isEqualTo(1);
    }

    @Test
    void aDeliveryAStandbyDeclinesIsNotUnsentButAFailedOneIsUntilTheNextComparison() throws Exception {
        store("fqdns", "a", "{}");
        store("fqdns", "b", "{}");
        store("fqdns", "c", "{}");
        List<StoredDocument> docs = settings.list(List.of("fqdns")).await(5, TimeUnit.SECONDS);
        context.runOnContext(v -> link.push(docs));
        await().atMost(WAIT).until(() -> delivered.size() == 2);
        assertThat(link.state().pendingChanges()).isEqualTo(3);

        context.runOnContext(v -> link.undelivered(delivered.get(0).id(), Replication.Failure.declined("standby")));
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 1);
        assertThat(link.state().unsentChanges()).isZero();
        assertThat(link.state().lastExchange().outcome()).isEqualTo("standby");

        context.runOnContext(v -> link.undelivered(delivered.get(1).id(), Replication.Failure.error("connection refused")));
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 0);
        assertThat(link.state().unsentChanges()).isEqualTo(1);
        assertThat(link.state().lastExchange()).isEqualTo(new SyncState.Exchange("failed",
                link.state().lastExchange().at(), "connection refused"));

        context.runOnContext(v -> link.compare("periodic"));
        await().atMost(WAIT).until(() -> offers.size() == 1);
        context.runOnContext(v -> link.indexed(new ReplicaIndex(List.of(), Map.of())));
        await().atMost(WAIT).until(() -> link.state().unsentChanges() == 0);
        assertThat(link.state().summary(0)).isEqualTo("in sync");
    }
    @Test
    void commitsMadeWhileAPushIsOnItsWayGoTogetherWhenItIsAcknowledged() throws Exception {
        store("fqdns", "a", "{}");
        store("fqdns", "b", "{\"v\":1}");
        store("fqdns", "c", "{}");
        Map<String, StoredDocument> docs = storedFqdns();
        context.runOnContext(v -> link.push(List.of(docs.get("a"))));
        await().atMost(WAIT).until(() -> delivered.size() == 1);

        store("fqdns", "b", "{\"v\":2}");
        StoredDocument newerB = storedFqdns().get("b");
        context.runOnContext(v -> {
            link.push(List.of(docs.get("b")));
            link.push(List.of(docs.get("c")));
            link.push(List.of(newerB));
        });
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 3);
        assertThat(delivered).as("held while the first push is on its way").hasSize(1);

        context.runOnContext(v -> link.acknowledged(delivered.get(0).id()));
        await().atMost(WAIT).until(() -> delivered.size() == 2);
        assertThat(delivered.get(1).docs()).as("one batch, the newest version of each document")
                .extracting(StoredDocument::id, StoredDocument::version).containsExactly(
                        tuple("b", newerB.version()),
                        tuple("c", docs.get("c").version()));
        assertThat(link.state().pendingChanges()).isEqualTo(2);

        context.runOnContext(v -> link.acknowledged(delivered.get(1).id()));
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 0);
        store("fqdns", "d", "{}");
        StoredDocument d = storedFqdns().get("d");
        context.runOnContext(v -> link.push(List.of(d)));
        await("nothing on its way: at once").atMost(WAIT).until(() -> delivered.size() == 3);
    }

    @Test
    void changesHeldForAPushThatIsNeverAcknowledgedGoWithTheNextComparisonOrCountAsUnsentWhenTheLinkIsLost()
            throws Exception {
        store("fqdns", "a", "{}");
        store("fqdns", "b", "{}");
        store("fqdns", "c", "{}");
        Map<String, StoredDocument> docs = storedFqdns();
        context.runOnContext(v -> {
            link.push(List.of(docs.get("a")));
            link.push(List.of(docs.get("b")));
        });
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 2);
        assertThat(delivered).hasSize(1);

        context.runOnContext(v -> link.compare("periodic"));
        await().atMost(WAIT).until(() -> delivered.size() == 2);
        assertThat(delivered.get(1).docs()).extracting(StoredDocument::id).containsExactly("b");

        context.runOnContext(v -> link.push(List.of(docs.get("c"))));
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 3);
        context.runOnContext(v -> link.dropPending("the peer link was lost"));
        await().atMost(WAIT).until(() -> link.state().pendingChanges() == 0);
        assertThat(link.state().unsentChanges()).as("sent, sent, held").isEqualTo(3);
        assertThat(delivered).hasSize(2);
    }
}
