package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.model.SyncMessage;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Whatever the two nodes hold and whatever happens on the link, no message that leaves a node names a
 * node-local settings type or carries a node-local document: not in pushes, digests, indexes, wants
 * or batches, and not when the partner asks for node-local documents itself.
 */
class NodeLocalNeverSentProperties {

    private static final Vertx VERTX = Vertx.vertx();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL = SettingsType.ALL.stream().map(SettingsType::apiPath).toList();
    private static final Set<String> SYNCED = SettingsType.ALL.stream().filter(SettingsType::synced)
            .map(SettingsType::apiPath).collect(Collectors.toUnmodifiableSet());
    private static final List<String> NODE_LOCAL = ALL.stream().filter(t -> !SYNCED.contains(t)).toList();
    // In every node-local body: a frame that contains it carried a node-local document.
    private static final String MARK = "node-local-only";

    /** One local document (a null body deletes it). */
    record Doc(String type, String id, String body) {
        String key() {
            return type + "/" + id;
        }
    }

    /** Something that happens to the pair. */
    sealed interface Op {
    }

    record Edit(boolean onA, Doc doc) implements Op {
    }

    record Compare(boolean onA, String why) implements Op {
    }

    record Cut() implements Op {
    }

    record Join() implements Op {
    }

    /** The partner asks this node for node-local documents, as an old or broken partner might. */
    record PartnerAsks(boolean onA, String message) implements Op {
    }

    @AfterContainer
    static void closeVertx() throws Exception {
        VERTX.close().await(10, TimeUnit.SECONDS);
    }

    @Property(tries = 40)
    void noMessageThatLeavesANodeCarriesANodeLocalType(@ForAll("docs") List<Doc> onA, @ForAll("docs") List<Doc> onB,
                                                      @ForAll("ops") List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("node-local-property");
        try (InMemoryPair pair = new InMemoryPair(VERTX, dir, SYNCED, "1.0", "1.0", 3)) {
            pair.cut();
            seed(pair.a, onA);
            seed(pair.b, onB);
            pair.join();
            pair.settle();
            for (Op op : ops) {
                apply(pair, op);
                pair.settle();
            }
            pair.join();
            pair.settle();

            assertNoNodeLocalTypeLeft(pair.frames());
        } finally {
            delete(dir);
        }
    }

    @Example
    void aComparisonOfAPairInSyncSendsAndWantsNothing() throws Exception {
        Path dir = Files.createTempDirectory("node-local-example");
        try (InMemoryPair pair = new InMemoryPair(VERTX, dir, SYNCED, "1.0", "1.0", 500)) {
            List<Doc> everyType = ALL.stream().map(t -> new Doc(t, "one", body(t, 1))).toList();
            seed(pair.a, everyType);
            seed(pair.b, everyType);
            pair.join();
            pair.settle();

            for (String why : List.of("periodic", "operator", "reconnect")) {
                pair.b.compare(why);
                pair.settle();
                assertThat(List.of(pair.b.state().lastComparisonSent(), pair.b.state().lastComparisonWanted()))
                        .as("sent and wanted by a " + why + " comparison of a pair in sync").containsExactly(0, 0);
            }
            assertNoNodeLocalTypeLeft(pair.frames());
        } finally {
            delete(dir);
        }
    }

    private static void seed(InMemoryPair.Node node, List<Doc> docs) throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        docs.stream().filter(d -> d.body() != null).forEach(d -> bodies.put(d.key(), d.body()));
        node.seed(ALL, bodies);
    }

    private static void apply(InMemoryPair pair, Op op) throws Exception {
        if (op instanceof Edit e) {
            (e.onA() ? pair.a : pair.b).put(e.doc().type(), e.doc().id(), e.doc().body());
        } else if (op instanceof Compare c) {
            (c.onA() ? pair.a : pair.b).compare(c.why());
        } else if (op instanceof Cut) {
            pair.cut();
        } else if (op instanceof Join) {
            pair.join();
        } else if (op instanceof PartnerAsks p) {
            (p.onA() ? pair.a : pair.b).receive(p.message(), rogue(p.message()));
        }
    }

    /** A request from a compatible partner that names every node-local type and document id it could. */
    private static String rogue(String message) throws Exception {
        SyncMessage.Sender sender = new SyncMessage.Sender("1.0", 1);
        List<String> keys = NODE_LOCAL.stream().flatMap(t -> Stream.of(t + "/one", t + "/two", t + "/" + t)).toList();
        Version v = new Version(Map.of("elsewhere", 1L), 1, 0, "elsewhere");
        Object body = switch (message) {
            case SyncMessage.WANT -> new SyncMessage.Want(sender, keys);
            case SyncMessage.DIGEST -> new SyncMessage.Digest(sender,
                    ALL.stream().collect(Collectors.toMap(t -> t, t -> "differs")));
            default -> new SyncMessage.Index(sender, NODE_LOCAL,
                    keys.stream().collect(Collectors.toMap(k -> k, k -> v)), false);
        };
        return JSON.writeValueAsString(body);
    }

    private static void assertNoNodeLocalTypeLeft(List<InMemoryPair.Frame> frames) throws Exception {
        assertThat(frames).as("frames sent").isNotEmpty();
        for (InMemoryPair.Frame f : frames) {
            assertThat(typesNamed(f)).as("types named by %s from %s: %s", f.type(), f.from(), f.body())
                    .isSubsetOf(SYNCED);
            assertThat(f.body()).as("%s from %s", f.type(), f.from()).doesNotContain(MARK);
        }
    }

    private static Set<String> typesNamed(InMemoryPair.Frame f) throws Exception {
        Set<String> types = new TreeSet<>();
        switch (f.type()) {
            case SyncMessage.PUSH -> JSON.readValue(f.body(), SyncMessage.Push.class).docs()
                    .forEach(d -> types.add(d.type()));
            case SyncMessage.DIGEST -> types.addAll(JSON.readValue(f.body(), SyncMessage.Digest.class).digests().keySet());
            case SyncMessage.INDEX -> {
                SyncMessage.Index index = JSON.readValue(f.body(), SyncMessage.Index.class);
                types.addAll(index.types());
                index.versions().keySet().forEach(k -> types.add(typeOf(k)));
            }
            case SyncMessage.WANT -> JSON.readValue(f.body(), SyncMessage.Want.class).keys()
                    .forEach(k -> types.add(typeOf(k)));
            case SyncMessage.RESOLVED -> types.add(JSON.readValue(f.body(), SyncMessage.Resolved.class).type());
            default -> {
            }
        }
        return types;
    }

    private static String typeOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static String body(String type, int n) {
        if (SYNCED.contains(type)) {
            return "{\"n\":" + n + "}";
        }
        // The admin certificate's key is the worst thing to leak; each node-local body stands for it.
        return "{\"n\":" + n + ",\"privateKey\":\"-----BEGIN PRIVATE KEY----- " + MARK + "\"}";
    }

    @Provide
    Arbitrary<List<Doc>> docs() {
        return doc(Arbitraries.integers().between(0, 3)).list().ofMaxSize(15);
    }

    private static Arbitrary<Doc> doc(Arbitrary<Integer> values) {
        return Combinators.combine(Arbitraries.of(ALL), Arbitraries.of("one", "two"), values)
                .as((type, id, n) -> new Doc(type, id, n == 0 ? null : body(type, n)));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Boolean> side = Arbitraries.of(true, false);
        Arbitrary<Op> edit = Combinators.combine(side, doc(Arbitraries.integers().between(0, 9)))
                .as((onA, d) -> (Op) new Edit(onA, d));
        Arbitrary<Op> compare = Combinators.combine(side, Arbitraries.of("periodic", "operator", "reconnect"))
                .as((onA, why) -> (Op) new Compare(onA, why));
        Arbitrary<Op> asks = Combinators.combine(side, Arbitraries.of(SyncMessage.WANT, SyncMessage.INDEX,
                SyncMessage.DIGEST)).as((onA, m) -> (Op) new PartnerAsks(onA, m));
        return Arbitraries.frequencyOf(
                Tuple.of(4, edit), Tuple.of(3, compare),
                Tuple.of(1, Arbitraries.just((Op) new Cut())),
                Tuple.of(1, Arbitraries.just((Op) new Join())),
                Tuple.of(1, asks)).list().ofMinSize(1).ofMaxSize(10);
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
