package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.sync.model.StoredDocument;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes the partner will never acknowledge stop counting as pending, and the sync status says why. */
class UnacknowledgedPushesTest {

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
    void pushesLostWithTheLinkAreUnsentUntilTheReconnectComparisonDeliversThem() throws Exception {
        pair = new InMemoryPair(vertx, dir, Set.of("virtual-services"), "1.0", "1.0", 500);
        pair.loseFramesInTransit();
        pair.a.put("virtual-services", "web", "{\"port\":80}");
        pair.a.put("virtual-services", "dns", "{\"port\":53}");
        pair.settle();
        assertThat(pair.a.state().pendingChanges()).isEqualTo(2);

        pair.cut();

        SyncState s = pair.a.state();
        assertThat(s.pendingChanges()).isZero();
        assertThat(s.unsentChanges()).isEqualTo(2);
        assertThat(s.summary(0)).isEqualTo("pending");
        assertThat(s.lastUnacknowledged()).isEqualTo(2);
        assertThat(s.lastUnacknowledgedReason()).contains("the peer link was lost (test cut the link)")
                .contains("the comparison on reconnect sends them again");

        pair.join();
        pair.settle();

        assertThat(pair.b.settings.get("virtual-services", "dns").await(5, TimeUnit.SECONDS).map(StoredDocument::body))
                .isEqualTo(Optional.of("{\"port\":53}"));
        assertThat(s.pendingChanges()).isZero();
        assertThat(s.summary(0)).isEqualTo("in sync");
    }

    @Test
    void pushesThePartnerRefusesAreNoLongerPendingAndTheStatusSaysWhy() throws Exception {
        pair = new InMemoryPair(vertx, dir, Set.of("virtual-services"), "1.0", "2.0", 500);

        pair.a.put("virtual-services", "web", "{\"port\":80}");
        pair.settle();

        SyncState s = pair.a.state();
        assertThat(s.pendingChanges()).isZero();
        assertThat(s.lastUnacknowledged()).isEqualTo(1);
        assertThat(s.lastUnacknowledgedReason()).startsWith("the partner refused them (partner runs software 1.0");
        assertThat(s.summary(0)).isEqualTo("refused");
        assertThat(pair.b.settings.get("virtual-services", "web").await(5, TimeUnit.SECONDS)).isEmpty();
    }
}
