package io.hapair.node.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Documents at hand, indexed by id and claim as they are added: the others of a document checked
 * with a list (tests), of each document of an import, checked against the valid ones before it
 * in one pass, or of an edit checked against documents kept in memory ({@link #remove}, {@link #without}).
 * Not thread-safe. A claim's holders are a one-element list until a second document claims it (almost
 * every claim has one holder; a set for each took about 170 bytes more, 1.7 MB at 10,000 virtual services).
 */
public final class ListedDocuments<T extends Record> implements OtherDocuments {

    private final SettingsType<T> type;
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Collection<String>> holders = new HashMap<>();

    public ListedDocuments(SettingsType<T> type) {
        this.type = type;
    }

    public void add(T document) {
        String id = type.idOf(document);
        ids.add(id);
        for (Claim claim : type.rules().claims(document)) {
            holders.merge(claim.key(), List.of(id), (held, one) -> withHolder(held, id));
        }
    }

    private static Collection<String> withHolder(Collection<String> held, String id) {
        if (held.contains(id)) {
            return held;
        }
        Collection<String> more = held instanceof LinkedHashSet<String> set ? set : new LinkedHashSet<>(held);
        more.add(id);
        return more;
    }

    /** Forgets {@code document} (as it was added: its claims are its own again). */
    public void remove(T document) {
        String id = type.idOf(document);
        ids.remove(id);
        for (Claim claim : type.rules().claims(document)) {
            Collection<String> holding = holders.get(claim.key());
            if (holding == null || !holding.contains(id)) {
                continue;
            }
            if (holding.size() == 1) {
                holders.remove(claim.key());
            } else {
                holding.remove(id);
                if (holding.size() == 1) {
                    holders.put(claim.key(), List.of(holding.iterator().next()));
                }
            }
        }
    }

    /** The documents other than {@code id} (all of them when null), as the edit replacing {@code id} sees them. */
    public OtherDocuments without(String id) {
        return new OtherDocuments() {
            @Override
            public boolean hasId(String other) {
                return !other.equals(id) && ids.contains(other);
            }

            @Override
            public Collection<String> holding(String claim) {
                Collection<String> holding = ListedDocuments.this.holding(claim);
                return id == null || !holding.contains(id) ? holding
                        : holding.stream().filter(h -> !h.equals(id)).toList();
            }
        };
    }

    @Override
    public boolean hasId(String id) {
        return ids.contains(id);
    }

    @Override
    public Collection<String> holding(String claim) {
        return Collections.unmodifiableCollection(holders.getOrDefault(claim, List.of()));
    }
}
