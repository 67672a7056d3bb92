package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.model.SyncMessage;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer to a comparison (the versions of every document of the types that differ) goes in parts of at
 * most a batch's size, so a large store never makes one message of megabytes; the asking node acts on the
 * whole index once the last part is in.
 */
class IndexInPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VS = "virtual-services";
    private static final int PART = 3;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private InMemoryPair pair;

    @AfterEach
    void close() throws Exception {
        if (pair != null) {
            pair.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoreLargerThanOnePartIsIndexedInPartsAndTheAskingNodePullsAllOfIt() throws Exception {
        tenServicesOnAWhileCutOff();
        pair.restore();

        // Only b compares: all it gets, it gets by asking for what a's index names.
        pair.b.compare("sync now");
        pair.settle();

        List<JsonNode> parts = bodies("node-a", SyncMessage.INDEX);
        assertThat(parts).hasSize(4);
        assertThat(parts).allSatisfy(p -> assertThat(p.path("versions").size()).isBetween(1, PART));
        assertThat(parts.stream().map(p -> p.path("more").asBoolean()).toList()).containsExactly(true, true, true, false);
        assertThat(parts.stream().mapToInt(p -> p.path("versions").size()).sum()).isEqualTo(10);
        assertThat(bodies("node-b", SyncMessage.WANT)).singleElement()
                .satisfies(w -> assertThat(w.path("keys").size()).isEqualTo(10));
        assertThat(pair.b.settings.list(Set.of(VS)).await(5, TimeUnit.SECONDS)).hasSize(10);
    }

    @Test
    void aResyncInPartsIsAnnouncedToTheStoreOnBothNodesBeforeItsDocumentsMove() throws Exception {
        tenServicesOnAWhileCutOff();
        List<Integer> heardByA = new CopyOnWriteArrayList<>();
        List<Integer> heardByB = new CopyOnWriteArrayList<>();
        pair.a.settings.onMoving(heardByA::add);
        pair.b.settings.onMoving(heardByB::add);
        pair.restore();

        pair.b.compare("sync now");
        pair.settle();

        // b: each part of a's index with more to come, then the documents it wants, then a's batches as they merge.
        assertThat(heardByB).containsExactly(3, 3, 3, 10, 3, 3, 3, 1);
        // a: the documents b wants, before it reads the first of them.
        assertThat(heardByA).containsExactly(10);
    }

    @Test
    void partsOfAnIndexCutShortByALostLinkAreNotTakenIntoTheNextOne() throws Exception {
        pair = new InMemoryPair(vertx, dir, Set.of(VS), "1.0", "1.0", PART);
        pair.a.put(VS, "web", "{\"port\":80}");
        pair.settle();
        // The first part of an index from a, naming a document it never had; the rest is lost with the link.
        pair.b.receive(SyncMessage.INDEX, JSON.writeValueAsString(new SyncMessage.Index(
                new SyncMessage.Sender("1.0", SettingsStore.SCHEMA_VERSION), List.of(VS),
                Map.of(VS + "/ghost", new Version(Map.of("node-a", 1L), 1, 0, "node-a")), true)));
        pair.cut();
        pair.a.put(VS, "api", "{\"port\":443}");
        pair.restore();

        pair.b.compare("sync now");
        pair.settle();

        assertThat(pair.frames()).filteredOn(f -> f.from().equals("node-b") && f.type().equals(SyncMessage.WANT))
                .noneMatch(f -> f.body().contains("ghost"));
        assertThat(pair.b.settings.list(Set.of(VS)).await(5, TimeUnit.SECONDS)).hasSize(2);
    }

    /** A pair whose link is cut, a holding ten services b lacks: more than three parts of an index. */
    private void tenServicesOnAWhileCutOff() throws Exception {
        pair = new InMemoryPair(vertx, dir, Set.of(VS), "1.0", "1.0", PART);
        pair.cut();
        Map<String, String> services = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            services.put(VS + "/vs-" + i, "{\"port\":" + (8000 + i) + "}");
        }
        pair.a.seed(Set.of(VS), services);
    }

    private List<JsonNode> bodies(String from, String type) {
        return pair.frames().stream().filter(f -> f.from().equals(from) && f.type().equals(type))
                .map(f -> {
                    try {
                        return JSON.readTree(f.body());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
