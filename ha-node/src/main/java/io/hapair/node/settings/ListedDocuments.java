package io.hapair.node.settings;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Documents at hand, indexed by id and claim as they are added: the others of a document checked
 * with a list (tests), or of each document of an import, checked against the valid ones before it
 * in one pass.
 */
public final class ListedDocuments<T extends Record> implements OtherDocuments {

    private final SettingsType<T> type;
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Set<String>> holders = new HashMap<>();

    public ListedDocuments(SettingsType<T> type) {
        this.type = type;
    }

    public void add(T document) {
        String id = type.idOf(document);
        ids.add(id);
        for (Claim claim : type.rules().claims(document)) {
            holders.computeIfAbsent(claim.key(), k -> new LinkedHashSet<>()).add(id);
        }
    }

    @Override
    public boolean hasId(String id) {
        return ids.contains(id);
    }

    @Override
    public Collection<String> holding(String claim) {
        return holders.getOrDefault(claim, Set.of());
    }
}
