package io.hapair.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionIndexTest {

    private static StoredDocument doc(String type, String id, String body, long n) {
        return new StoredDocument(type, id, body, new Version(Map.of("node-1", n), n, 0, "node-1"));
    }

    @Test
    void digestsChangeWithVersionsButNotWithBodies() {
        VersionIndex index = new VersionIndex();
        index.put(doc("geo-clusters", "c1", "{\"address\":\"10.0.0.1\"}", 1));
        Map<String, String> before = index.digest(List.of("geo-clusters"));
        index.put(doc("geo-clusters", "c1", "{\"address\":\"10.0.0.2\"}", 1));
        Map<String, String> sameVersionOtherBody = index.digest(List.of("geo-clusters"));
        index.put(doc("geo-clusters", "c1", "{\"address\":\"10.0.0.2\"}", 2));

        assertThat(sameVersionOtherBody).isEqualTo(before);
        assertThat(index.digest(List.of("geo-clusters"))).isNotEqualTo(before);
    }

    @Test
    void aDeletionChangesTheDigestOfItsTypeOnly() {
        VersionIndex index = new VersionIndex();
        index.put(doc("virtual-services", "web", "{}", 1));
        index.put(doc("geo-clusters", "c1", "{}", 1));
        Map<String, String> before = index.digest(List.of());

        index.put(doc("virtual-services", "web", null, 1));

        Map<String, String> after = index.digest(List.of());
        assertThat(after.keySet()).containsExactly("geo-clusters", "virtual-services");
        assertThat(after.get("geo-clusters")).isEqualTo(before.get("geo-clusters"));
        assertThat(after.get("virtual-services")).isNotEqualTo(before.get("virtual-services"));
    }

    @Test
    void aTombstoneIsForgottenOnlyAtTheConfirmedVersionAndATypeWithoutDocumentsHasNoDigest() {
        VersionIndex index = new VersionIndex();
        StoredDocument gone = doc("virtual-services", "old", null, 2);
        index.put(gone);

        index.collected("virtual-services/old", doc("x", "y", null, 1).version());
        List<StoredDocument> kept = index.tombstones(List.of("virtual-services"));
        index.collected("virtual-services/old", gone.version());

        assertThat(kept).containsExactly(gone);
        assertThat(index.tombstones(List.of("virtual-services"))).isEmpty();
        assertThat(index.versions(List.of("virtual-services"))).isEmpty();
        assertThat(index.digest(List.of("virtual-services"))).isEmpty();
    }

    @Test
    void aLiveDocumentIsNeverCollectedNorAmongTheTombstones() {
        VersionIndex index = new VersionIndex();
        StoredDocument live = doc("virtual-services", "web", "{}", 3);
        StoredDocument gone = doc("virtual-services", "old", null, 2);
        index.put(live);
        index.put(gone);

        index.collected("virtual-services/web", live.version());

        assertThat(index.versions(List.of("virtual-services")))
                .containsOnly(Map.entry("virtual-services/web", live.version()), Map.entry("virtual-services/old", gone.version()));
        assertThat(index.tombstonesAmong(List.of("virtual-services/web", "virtual-services/old", "virtual-services/none")))
                .containsExactly(gone);
    }
}
