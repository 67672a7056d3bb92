package io.hapair.node.sync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static StoredDocument doc(int id, long edits) {
        return new StoredDocument("vs", "d" + id, "{}", new Version(Map.of("n1", edits), edits, 0, "n1"));
    }

    private static List<StoredDocument> docs(int n, long edits) {
        return IntStream.range(0, n).mapToObj(i -> doc(i, edits)).toList();
    }

    @Test
    void documentsGoInNumberedBatchesThatStayPendingUntilSettled() {
        Outbox outbox = new Outbox(3);

        List<Outbox.Batch> batches = outbox.send(docs(7, 1), 1_000);

        assertThat(batches).extracting(b -> b.docs().size()).containsExactly(3, 3, 1);
        assertThat(batches).extracting(Outbox.Batch::id).doesNotHaveDuplicates();
        assertThat(outbox.pendingDocuments()).isEqualTo(7);
        assertThat(outbox.settle(batches.get(1).id())).isEqualTo(batches.get(1));
        assertThat(outbox.pendingDocuments()).isEqualTo(4);
        assertThat(outbox.settle(batches.get(1).id())).as("an answer to a batch settled before").isNull();
        assertThat(outbox.dropAll()).isEqualTo(4);
        assertThat(outbox.pendingDocuments()).isZero();
    }

    @Test
    void aVersionGoesOnceBetweenComparisonsAndANewerOneGoesAtOnce() {
        Outbox outbox = new Outbox(500);
        outbox.send(docs(2, 1), 1);

        assertThat(outbox.send(docs(2, 1), 2)).as("asked for again before the next comparison").isEmpty();
        assertThat(outbox.send(List.of(doc(0, 2)), 3)).singleElement()
                .satisfies(b -> assertThat(b.docs()).containsExactly(doc(0, 2)));

        outbox.comparisonStarted();
        assertThat(outbox.send(docs(2, 1), 4)).as("found due by a new comparison").hasSize(1);
    }

    @Test
    void aKeySentSinceTheComparisonBeganIsNotDueAgainUntilTheNextOneOrADrop() {
        Outbox outbox = new Outbox(500);
        outbox.send(docs(2, 1), 1);

        List<String> afterSending = outbox.notSentSinceComparison(List.of("vs/d0", "vs/d1", "vs/d2"));
        outbox.comparisonStarted();
        List<String> afterComparison = outbox.notSentSinceComparison(List.of("vs/d0"));
        outbox.send(docs(1, 2), 2);
        outbox.dropAll();

        assertThat(afterSending).containsExactly("vs/d2");
        assertThat(afterComparison).containsExactly("vs/d0");
        assertThat(outbox.notSentSinceComparison(List.of("vs/d0"))).containsExactly("vs/d0");
    }

    @Test
    void droppingEverythingPendingSendsItAgainWhenNextDue() {
        Outbox outbox = new Outbox(500);
        outbox.send(docs(2, 1), 1);

        outbox.dropAll();

        assertThat(outbox.send(docs(2, 1), 2)).singleElement().satisfies(b -> assertThat(b.docs()).hasSize(2));
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new Outbox(0)).hasMessageContaining("batch size 0: must be at least 1");
    }
}
