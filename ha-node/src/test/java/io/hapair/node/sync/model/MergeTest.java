package io.hapair.node.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeTest {

    private static Version v(long a, long b, long wall, String origin) {
        return new Version(Map.of("node-1", a, "node-2", b), wall, 0, origin);
    }

    private static StoredDocument doc(String body, Version v) {
        return new StoredDocument("virtual-services", "web", body, v);
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of(v(1, 0, 1, "node-1"), v(1, 0, 1, "node-1"), Version.Order.SAME),
                Arguments.of(v(2, 0, 2, "node-1"), v(1, 0, 1, "node-1"), Version.Order.NEWER),
                Arguments.of(v(1, 0, 1, "node-1"), v(1, 1, 2, "node-2"), Version.Order.OLDER),
                Arguments.of(v(2, 0, 5, "node-1"), v(1, 1, 6, "node-2"), Version.Order.CONCURRENT),
                Arguments.of(new Version(Map.of("node-1", 1L), 1, 0, "node-1"), v(1, 0, 1, "node-1"), Version.Order.SAME));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void versionVectorsOrderEditsByWhatEachHasSeen(Version a, Version b, Version.Order expected) {
        assertThat(a.compareTo(b)).isEqualTo(expected);
    }

    @Test
    void unknownDocumentIsApplied() {
        StoredDocument remote = doc("{\"port\":80}", v(0, 1, 1, "node-2"));

        assertThat(Merge.of(null, remote)).isEqualTo(new Merge.Outcome.Apply(remote));
    }

    @Test
    void newerRemoteVersionReplacesOurs() {
        StoredDocument local = doc("{\"port\":80}", v(1, 0, 1, "node-1"));
        StoredDocument remote = doc("{\"port\":81}", v(1, 1, 2, "node-2"));

        assertThat(Merge.of(local, remote)).isEqualTo(new Merge.Outcome.Apply(remote));
    }

    @Test
    void olderOrSameRemoteVersionIsIgnored() {
        StoredDocument local = doc("{\"port\":81}", v(2, 0, 2, "node-1"));

        assertThat(Merge.of(local, doc("{\"port\":80}", v(1, 0, 1, "node-1")))).isInstanceOf(Merge.Outcome.Keep.class);
        assertThat(Merge.of(local, local)).isInstanceOf(Merge.Outcome.Keep.class);
    }

    @Test
    void concurrentEditsResolveToTheSameWinnerOnBothNodesAndKeepTheLoser() {
        StoredDocument onNode1 = doc("{\"port\":81}", v(2, 0, 1_000, "node-1"));
        StoredDocument onNode2 = doc("{\"port\":82}", v(1, 1, 2_000, "node-2"));

        Merge.Outcome atNode1 = Merge.of(onNode1, onNode2);
        Merge.Outcome atNode2 = Merge.of(onNode2, onNode1);

        assertThat(atNode1).isEqualTo(atNode2);
        Merge.Outcome.Conflict c = (Merge.Outcome.Conflict) atNode1;
        assertThat(c.winner().body()).as("the later edit wins").isEqualTo("{\"port\":82}");
        assertThat(c.loser().body()).isEqualTo("{\"port\":81}");
        assertThat(c.resolved().version().vector()).isEqualTo(Map.of("node-1", 2L, "node-2", 1L));
        assertThat(c.resolved().version().compareTo(onNode1.version())).isEqualTo(Version.Order.NEWER);
        assertThat(c.resolved().version().compareTo(onNode2.version())).isEqualTo(Version.Order.NEWER);
    }

    @Test
    void concurrentEditsAtTheSameInstantAreSettledByTheNodeName() {
        StoredDocument a = doc("{\"port\":81}", v(2, 0, 1_000, "node-1"));
        StoredDocument b = doc("{\"port\":82}", v(1, 1, 1_000, "node-2"));

        assertThat(((Merge.Outcome.Conflict) Merge.of(a, b)).winner()).isEqualTo(b);
        assertThat(((Merge.Outcome.Conflict) Merge.of(b, a)).winner()).isEqualTo(b);
    }

    @Test
    void deleteConcurrentWithAnEditIsAConflictToo() {
        StoredDocument deleted = doc(null, v(2, 0, 3_000, "node-1"));
        StoredDocument edited = doc("{\"port\":82}", v(1, 1, 2_000, "node-2"));

        Merge.Outcome.Conflict c = (Merge.Outcome.Conflict) Merge.of(edited, deleted);

        assertThat(c.resolved().deleted()).isTrue();
        assertThat(c.loser().body()).isEqualTo("{\"port\":82}");
    }

    @Test
    void hybridClockNeverGoesBackAndFollowsThePartner() {
        HybridClock clock = new HybridClock();
        HybridClock.Stamp first = clock.tick(1_000);
        HybridClock.Stamp sameMilli = clock.tick(1_000);
        HybridClock.Stamp clockStepBack = clock.tick(500);
        clock.observe(5_000, 3);
        HybridClock.Stamp afterPartner = clock.tick(1_001);

        assertThat(sameMilli.counter()).isGreaterThan(first.counter());
        assertThat(clockStepBack.wall()).isEqualTo(1_000);
        assertThat(clockStepBack.counter()).isGreaterThan(sameMilli.counter());
        assertThat(afterPartner).isEqualTo(new HybridClock.Stamp(5_000, 4));
    }

    @Test
    void aVersionsTextIsTheSameWhateverOrderItsVectorWasBuiltIn() {
        java.util.LinkedHashMap<String, Long> oneWay = new java.util.LinkedHashMap<>();
        oneWay.put("node-2", 3L);
        oneWay.put("node-1", 5L);
        oneWay.put("node-3", 1L);
        java.util.LinkedHashMap<String, Long> otherWay = new java.util.LinkedHashMap<>();
        otherWay.put("node-3", 1L);
        otherWay.put("node-1", 5L);
        otherWay.put("node-2", 3L);

        assertThat(new Version(oneWay, 7, 0, "node-1").digestText())
                .isEqualTo(new Version(otherWay, 7, 0, "node-1").digestText())
                .startsWith("{node-1=5, node-2=3, node-3=1}");
    }
}
