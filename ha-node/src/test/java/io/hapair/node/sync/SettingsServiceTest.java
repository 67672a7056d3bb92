package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.model.HybridClock;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checked local edits: where the check runs, and that the index it asks (ids and claims of the
 * stored documents) follows every kind of write: local edits, deletes, merges, imports, restarts.
 * A document here claims its {@code listen} field. And that what a comparison with a partner reads
 * (digests, versions, tombstones) follows every write too.
 */
class SettingsServiceTest {

    private static final String TYPE = "services";
    private static final SettingsService.Claims LISTEN = (type, body) -> {
        String listen = new JsonObject(body).getString("listen");
        return listen == null ? Set.of() : Set.of(listen);
    };

    @TempDir
    Path dataDir;

    private final Vertx vertx = Vertx.vertx();
    private WorkerExecutor worker;
    private SettingsStore store;
    private SettingsService settings;

    @BeforeEach
    void open() throws Exception {
        worker = vertx.createSharedWorkerExecutor("test-store", 1);
        store = SettingsStore.open(dataDir);
        settings = service("a");
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        store.close();
    }

    private SettingsService service(String nodeName) {
        return new SettingsService(worker, store, nodeName, System::currentTimeMillis, LISTEN);
    }

    private static String doc(String listen) {
        return new JsonObject().put("listen", listen).encode();
    }

    /** What a check of a new document saw of the others, by id and by the claim it asks about. */
    private record Seen(boolean idTaken, List<String> holders, boolean onWorker, boolean onEventLoop) {
    }

    private Seen look(SettingsService service, String replacedId, String id, String claim) throws Exception {
        return service.putChecked(TYPE, replacedId, null, (stored, others) -> SettingsService.Draft.refused(
                new Seen(others.hasId(id), List.copyOf(others.holding(claim)), Context.isOnWorkerThread(),
                        Context.isOnEventLoopThread())))
                .map(SettingsService.Checked::outcome).await(30, TimeUnit.SECONDS);
    }

    private StoredDocument create(String id, String listen) throws Exception {
        return settings.putChecked(TYPE, null, "none", (stored, others) ->
                new SettingsService.Draft<>(id, doc(listen), "ok")).await(30, TimeUnit.SECONDS).written();
    }

    @Test
    void aCheckedEditCalledFromAnEventLoopIsCheckedAndStoredOnTheStoreWorker() throws Exception {
        Promise<SettingsService.Checked<List<Boolean>>> done = Promise.promise();
        vertx.runOnContext(v -> {
            assertThat(Context.isOnEventLoopThread()).isTrue();
            settings.putChecked(TYPE, null, "none", (stored, others) -> new SettingsService.Draft<>("x", doc("10.0.0.1:80"),
                    List.of(Context.isOnWorkerThread(), Context.isOnEventLoopThread()))).onComplete(done);
        });

        SettingsService.Checked<List<Boolean>> checked = done.future().await(30, TimeUnit.SECONDS);

        assertThat(checked.outcome()).containsExactly(true, false);
        assertThat(checked.created()).isTrue();
        assertThat(store.get(TYPE, "x")).isPresent();
    }

    @Test
    void movingListenersHearTheSizeOfEveryMergeImportAndExpectedBatchBeforeTheStoreRunsIt() throws Exception {
        List<String> heard = new ArrayList<>();
        settings.onMoving(n -> heard.add(n + (Context.isOnWorkerThread() ? " on the store worker" : " by the caller")));
        settings.onCommit(docs -> heard.add("committed " + docs.size()));

        settings.expect(10_000);
        Future<List<StoredDocument>> imported = settings.replaceAll(List.of(TYPE),
                Map.of(TYPE + "/api", doc("10.0.0.1:80"), TYPE + "/web", doc("10.0.0.1:443")));
        heard.add("import asked");
        imported.await(30, TimeUnit.SECONDS);
        settings.merge(List.of(new StoredDocument(TYPE, "db", doc("10.0.0.3:5432"),
                Version.first("b", new HybridClock.Stamp(System.currentTimeMillis(), 0))))).await(30, TimeUnit.SECONDS);

        assertThat(heard).containsExactly("10000 by the caller", "2 by the caller", "import asked", "committed 2",
                "1 by the caller", "committed 1");
    }

    @Test
    void commitListenersSeeEveryWriteLocalImportedAndMergedOnTheStoreWorkerInOrderBeforeItIsAnswered()
            throws Exception {
        List<String> seen = new ArrayList<>();
        List<Boolean> onWorker = new ArrayList<>();
        settings.onCommit(docs -> {
            onWorker.add(Context.isOnWorkerThread());
            docs.forEach(d -> seen.add(d.key() + (d.deleted() ? " deleted" : " " + d.body())));
        });
        StoredDocument web = create("web", "10.0.0.1:443");
        List<String> whenAnswered = List.copyOf(seen);

        StoredDocument gone = settings.delete(TYPE, "web", null).await(30, TimeUnit.SECONDS);
        settings.replaceAll(List.of(TYPE), Map.of(TYPE + "/api", doc("10.0.0.1:80"))).await(30, TimeUnit.SECONDS);
        settings.merge(List.of(new StoredDocument(TYPE, "web", doc("10.0.0.2:443"),
                gone.version().next("b", new HybridClock.Stamp(System.currentTimeMillis(), 0)))))
                .await(30, TimeUnit.SECONDS);
        // Older than what is stored: kept, nothing written, nothing told.
        settings.merge(List.of(web)).await(30, TimeUnit.SECONDS);

        assertThat(whenAnswered).containsExactly(TYPE + "/web " + doc("10.0.0.1:443"));
        assertThat(seen).containsExactly(TYPE + "/web " + doc("10.0.0.1:443"), TYPE + "/web deleted",
                TYPE + "/api " + doc("10.0.0.1:80"), TYPE + "/web " + doc("10.0.0.2:443"));
        assertThat(onWorker).containsOnly(true);
    }

    @Test
    void aRefusedEditIsNotStoredNorAnnounced() throws Exception {
        List<StoredDocument> announced = new ArrayList<>();
        settings.onLocalCommit(announced::addAll);

        SettingsService.Checked<String> checked = settings.putChecked(TYPE, null, "none",
                (stored, others) -> SettingsService.Draft.refused("no")).await(30, TimeUnit.SECONDS);

        assertThat(checked.written()).isNull();
        assertThat(store.list(List.of(TYPE), true)).isEmpty();
        assertThat(announced).isEmpty();
    }

    @Test
    void aCheckSeesTheIdsAndClaimsOfTheOtherStoredDocuments() throws Exception {
        create("web", "10.0.0.1:443");
        create("api", "10.0.0.1:443");

        Seen seen = look(settings, null, "web", "10.0.0.1:443");

        assertThat(seen.idTaken()).isTrue();
        assertThat(seen.holders()).containsExactly("api", "web");
        assertThat(look(settings, null, "mail", "10.0.0.1:25")).isEqualTo(new Seen(false, List.of(), true, false));
    }

    @Test
    void theDocumentAnEditReplacesIsNotAmongTheOthers() throws Exception {
        create("web", "10.0.0.1:443");

        Seen seen = look(settings, "web", "web", "10.0.0.1:443");

        assertThat(seen.idTaken()).isFalse();
        assertThat(seen.holders()).isEmpty();
    }

    @Test
    void aReplacedDocumentGivesUpWhatItClaimedBefore() throws Exception {
        create("web", "10.0.0.1:443");
        look(settings, null, "x", "10.0.0.1:443"); // the index exists before the change
        settings.putChecked(TYPE, "web", "*", (stored, others) -> new SettingsService.Draft<>("web", doc("10.0.0.1:8443"),
                "ok")).await(30, TimeUnit.SECONDS);

        assertThat(look(settings, null, "x", "10.0.0.1:443").holders()).isEmpty();
        assertThat(look(settings, null, "x", "10.0.0.1:8443").holders()).containsExactly("web");
    }

    @Test
    void aDeletedDocumentGivesUpItsIdAndClaims() throws Exception {
        create("web", "10.0.0.1:443");
        look(settings, null, "x", "10.0.0.1:443");

        settings.delete(TYPE, "web", null).await(30, TimeUnit.SECONDS);

        assertThat(look(settings, null, "web", "10.0.0.1:443")).isEqualTo(new Seen(false, List.of(), true, false));
    }

    @Test
    void documentsMergedFromThePartnerAndTheirDeletionsReachTheIndex() throws Exception {
        look(settings, null, "x", "10.0.0.1:443");
        SettingsStore partnerStore = SettingsStore.open(dataDir.resolve("partner"));
        SettingsService partner = new SettingsService(vertx.createSharedWorkerExecutor("partner-store", 1),
                partnerStore, "b", System::currentTimeMillis, LISTEN);
        StoredDocument theirs = partner.put(TYPE, "web", doc("10.0.0.1:443"), "none").await(30, TimeUnit.SECONDS);

        settings.merge(List.of(theirs)).await(30, TimeUnit.SECONDS);
        Seen afterMerge = look(settings, null, "web", "10.0.0.1:443");
        StoredDocument gone = partner.delete(TYPE, "web", null).await(30, TimeUnit.SECONDS);
        settings.merge(List.of(gone)).await(30, TimeUnit.SECONDS);

        partnerStore.close();
        assertThat(afterMerge.idTaken()).isTrue();
        assertThat(afterMerge.holders()).containsExactly("web");
        assertThat(look(settings, null, "web", "10.0.0.1:443").holders()).isEmpty();
    }

    @Test
    void anImportReplacesTheIndexedDocuments() throws Exception {
        create("web", "10.0.0.1:443");
        look(settings, null, "x", "10.0.0.1:443");

        settings.replaceAll(List.of(TYPE), Map.of(TYPE + "/mail", doc("10.0.0.1:25"))).await(30, TimeUnit.SECONDS);

        assertThat(look(settings, null, "web", "10.0.0.1:443")).isEqualTo(new Seen(false, List.of(), true, false));
        assertThat(look(settings, null, "mail", "10.0.0.1:25").holders()).containsExactly("mail");
    }

    @Test
    void aRestartedNodeIndexesWhatTheStoreHolds() throws Exception {
        create("web", "10.0.0.1:443");
        create("gone", "10.0.0.1:80");
        settings.delete(TYPE, "gone", null).await(30, TimeUnit.SECONDS);

        SettingsService restarted = service("a");

        assertThat(look(restarted, null, "web", "10.0.0.1:443")).isEqualTo(new Seen(true, List.of("web"), true, false));
        assertThat(look(restarted, null, "gone", "10.0.0.1:80")).isEqualTo(new Seen(false, List.of(), true, false));
    }

    @Test
    void aCheckedCreateOfALiveIdFailsItsPrecondition() throws Exception {
        create("web", "10.0.0.1:443");

        Future<SettingsService.Checked<String>> again = settings.putChecked(TYPE, null, "none", (stored, others) ->
                new SettingsService.Draft<>("web", doc("10.0.0.2:443"), "ok"));

        assertThat(again.transform(Future::succeededFuture).await(30, TimeUnit.SECONDS).cause())
                .isInstanceOf(SettingsService.PreconditionFailed.class);
        assertThat(new JsonObject(store.get(TYPE, "web").orElseThrow().body()).getString("listen")).isEqualTo("10.0.0.1:443");
    }

    @Test
    void aMergeAfterAComparisonWeighsEachReceivedVersionAgainstTheStoredOneTombstonesIncluded() throws Exception {
        StoredDocument mine = create("mine", "10.0.0.1:25");
        create("web", "10.0.0.1:443");
        StoredDocument goneLive = create("gone", "10.0.0.1:80");
        settings.delete(TYPE, "gone", null).await(30, TimeUnit.SECONDS);
        SettingsStore partnerStore = SettingsStore.open(dataDir.resolve("partner"));
        SettingsService partner = new SettingsService(vertx.createSharedWorkerExecutor("partner-store", 1),
                partnerStore, "b", System::currentTimeMillis, LISTEN);
        StoredDocument theirWeb = partner.put(TYPE, "web", doc("10.0.0.2:443"), "none").await(30, TimeUnit.SECONDS);
        StoredDocument theirNew = partner.put(TYPE, "new", doc("10.0.0.3:443"), "none").await(30, TimeUnit.SECONDS);
        partnerStore.close();
        // A comparison reads the versions from memory from now on; the merge must still see every stored one.
        settings.digest(List.of()).await(30, TimeUnit.SECONDS);

        SettingsService.MergeReport report = settings.merge(List.of(mine, theirWeb, goneLive, theirNew))
                .await(30, TimeUnit.SECONDS);

        assertThat(report.written()).extracting(StoredDocument::id).containsExactly("web", "new");
        assertThat(report.kept()).isEqualTo(2);
        assertThat(report.conflicts()).extracting(c -> c.winner().id()).containsExactly("web");
        assertThat(store.get(TYPE, "gone")).hasValueSatisfying(d -> assertThat(d.deleted()).isTrue());
    }

    /** What a comparison with a partner reads of the given keys' type. */
    private record Compared(Map<String, String> digests, Map<String, Version> versions, List<StoredDocument> tombstones,
                            List<StoredDocument> tombstonesAmong) {
    }

    private static Compared compared(SettingsService service, List<String> keys) throws Exception {
        List<String> types = List.of(TYPE);
        return new Compared(service.digest(List.of()).await(30, TimeUnit.SECONDS),
                service.index(types).await(30, TimeUnit.SECONDS), service.tombstones(types).await(30, TimeUnit.SECONDS),
                service.tombstonesAmong(keys).await(30, TimeUnit.SECONDS));
    }

    @Test
    void whatAComparisonReadsFollowsEveryWriteAsARestartedNodeReadsItFromTheStore() throws Exception {
        List<String> keys = List.of(TYPE + "/web", TYPE + "/gone", TYPE + "/theirs", TYPE + "/kept", TYPE + "/mail");
        Compared empty = compared(settings, keys);
        create("web", "10.0.0.1:443");
        create("gone", "10.0.0.1:80");
        create("kept", "10.0.0.1:81");
        settings.put(TYPE, "web", doc("10.0.0.2:443"), null).await(30, TimeUnit.SECONDS);
        StoredDocument gone = settings.delete(TYPE, "gone", null).await(30, TimeUnit.SECONDS);
        settings.delete(TYPE, "kept", null).await(30, TimeUnit.SECONDS);
        SettingsStore partnerStore = SettingsStore.open(dataDir.resolve("partner"));
        SettingsService partner = new SettingsService(vertx.createSharedWorkerExecutor("partner-store", 1),
                partnerStore, "b", System::currentTimeMillis, LISTEN);
        partner.put(TYPE, "theirs", doc("10.0.0.3:443"), "none").await(30, TimeUnit.SECONDS);
        settings.merge(List.of(partner.delete(TYPE, "theirs", null).await(30, TimeUnit.SECONDS))).await(30, TimeUnit.SECONDS);
        partnerStore.close();
        Compared beforeCollecting = compared(settings, keys);
        // kept's deletion is confirmed at a version it never had: it stays.
        settings.collectTombstones(Map.of(gone.key(), gone.version(), TYPE + "/kept",
                new Version(Map.of("a", 1L), 1, 0, "a"))).await(30, TimeUnit.SECONDS);
        settings.replaceAll(List.of("other"), Map.of("other/mail", doc("10.0.0.1:25"))).await(30, TimeUnit.SECONDS);

        Compared now = compared(settings, keys);

        assertThat(now).isEqualTo(compared(service("a"), keys));
        assertThat(now.digests()).containsOnlyKeys(TYPE, "other").isNotEqualTo(empty.digests());
        assertThat(now.digests().get(TYPE)).isNotEqualTo(beforeCollecting.digests().get(TYPE));
        assertThat(beforeCollecting.tombstones()).extracting(StoredDocument::id).containsExactly("gone", "kept", "theirs");
        assertThat(now.tombstones()).extracting(StoredDocument::id).containsExactly("kept", "theirs");
        assertThat(now.tombstonesAmong()).containsExactlyInAnyOrderElementsOf(now.tombstones());
        assertThat(now.versions()).containsOnlyKeys(TYPE + "/web", TYPE + "/kept", TYPE + "/theirs");
    }
}
