package io.hapair.node.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncScopeTest {

    // "vs" forgets its deletions once both sides hold them; "geo" keeps them; "local" never travels.
    private static final SyncScope SCOPE = new SyncScope(Set.of("vs", "geo"), Set.of("geo"));

    private static Version v(long n, long wall) {
        return new Version(Map.of("n1", n), wall, 0, "n1");
    }

    private static StoredDocument gone(String type, String id, Version v) {
        return new StoredDocument(type, id, null, v);
    }

    @Test
    void onlyCarriedTypesWhoseDigestsDifferAreComparedAndATypeOneSideLacksDiffers() {
        Map<String, String> ours = Map.of("vs", "aa", "geo", "bb", "local", "cc");
        Map<String, String> theirs = Map.of("vs", "aa", "local", "zz");

        assertThat(SCOPE.differing(ours, theirs)).containsExactly("geo");
        assertThat(SCOPE.differing(Map.of(), null)).as("both empty agree").isEmpty();
        assertThat(SCOPE.agreeing(List.of("geo"))).as("kept deletions are never forgettable").containsExactly("vs");
        assertThat(SCOPE.agreeing(List.of("vs"))).isEmpty();
    }

    @Test
    void anIndexNamingTypesTheChannelDoesNotCarryYieldsNothingOfThem() {
        ReplicaIndex index = new ReplicaIndex(List.of("vs", "local"), Map.of("vs/web", v(1, 1), "local/key", v(1, 1),
                "geo/site", v(2, 2), "vs-not-a-type", v(1, 1)));

        SyncScope.Theirs theirs = SCOPE.theirs(index);

        assertThat(theirs.compared()).containsExactly("vs");
        assertThat(theirs.versions()).containsOnlyKeys("vs/web");
        assertThat(theirs.forgotten()).as("tombstones of types both agree on, and only of types that forget them")
                .isEmpty();
        assertThat(SCOPE.theirs(new ReplicaIndex(List.of("geo"), Map.of("vs/old", v(3, 3)))).forgotten())
                .containsOnlyKeys("vs/old");
    }

    @Test
    void deletionsOfAgreeingTypesAreForgottenOnlyWhenMadeBeforeThePartnersDigestAndNotKept() {
        List<StoredDocument> tombstones = List.of(gone("vs", "old", v(2, 100)), gone("vs", "new", v(2, 200)),
                gone("geo", "site", v(2, 100)), new StoredDocument("vs", "live", "{}", v(1, 50)));

        assertThat(SCOPE.forgettable(tombstones, 150)).containsOnlyKeys("vs/old");
    }

    @Test
    void bothSidesForgetADeletionOnlyWhenTheyHoldTheSameVersionOfIt() {
        List<StoredDocument> ours = List.of(gone("vs", "same", v(2, 1)), gone("vs", "older-there", v(3, 1)),
                gone("vs", "forgotten-there", v(2, 1)), gone("geo", "kept", v(2, 1)),
                new StoredDocument("vs", "live", "{}", v(2, 1)));
        SyncScope.Theirs theirs = new SyncScope.Theirs(Set.of("vs", "geo"),
                Map.of("vs/same", v(2, 1), "vs/older-there", v(2, 1), "geo/kept", v(2, 1), "vs/live", v(2, 1)),
                Map.of("vs/forgotten-there", v(2, 1)));

        assertThat(SCOPE.heldByBoth(ours, theirs)).containsOnlyKeys("vs/same", "vs/forgotten-there");
    }
}
