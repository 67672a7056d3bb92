package io.hapair.node.sync;

import io.hapair.node.settings.OtherDocuments;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The live documents' ids and claims (what no two documents of a type may hold at once, such as a
 * virtual service's address, port and transport), per type: what the checks of a local edit ask,
 * answered without reading every stored document. Not thread-safe: {@link SettingsService} keeps it
 * on the store's thread, in step with every write.
 */
final class DocumentIndex {

    // type -> id -> its claims; type -> claim -> the ids holding it, sorted as the store lists them.
    private final Map<String, Map<String, Set<String>>> claimsById = new HashMap<>();
    private final Map<String, Map<String, SortedSet<String>>> holders = new HashMap<>();

    /** Records a live document's claims, replacing what it claimed before. */
    void put(String type, String id, Set<String> claims) {
        remove(type, id);
        claimsById.computeIfAbsent(type, t -> new HashMap<>()).put(id, Set.copyOf(claims));
        Map<String, SortedSet<String>> byClaim = holders.computeIfAbsent(type, t -> new HashMap<>());
        claims.forEach(c -> byClaim.computeIfAbsent(c, k -> new TreeSet<>()).add(id));
    }

    /** Forgets a document that was deleted. */
    void remove(String type, String id) {
        Map<String, Set<String>> ids = claimsById.get(type);
        Set<String> claims = ids == null ? null : ids.remove(id);
        if (claims == null) {
            return;
        }
        Map<String, SortedSet<String>> byClaim = holders.get(type);
        for (String c : claims) {
            SortedSet<String> holding = byClaim.get(c);
            holding.remove(id);
            if (holding.isEmpty()) {
                byClaim.remove(c);
            }
        }
    }

    /** The documents of {@code type} other than {@code replacedId} (none replaced when null). */
    OtherDocuments others(String type, String replacedId) {
        Map<String, Set<String>> ids = claimsById.getOrDefault(type, Map.of());
        Map<String, SortedSet<String>> byClaim = holders.getOrDefault(type, Map.of());
        return new OtherDocuments() {
            @Override
            public boolean hasId(String id) {
                return !id.equals(replacedId) && ids.containsKey(id);
            }

            @Override
            public Collection<String> holding(String claim) {
                SortedSet<String> holding = byClaim.get(claim);
                if (holding == null) {
                    return List.of();
                }
                return holding.stream().filter(id -> !id.equals(replacedId)).toList();
            }
        };
    }
}
