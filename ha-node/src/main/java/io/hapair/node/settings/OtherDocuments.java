package io.hapair.node.settings;

import java.util.Collection;

/**
 * The stored documents of one type other than the one being written, as the cross-document rules
 * ask about them: by id and by claim, so that a check costs the same with ten or ten thousand
 * stored. The settings store keeps an index that answers this; {@link ListedDocuments} answers it
 * for documents at hand.
 */
public interface OtherDocuments {

    boolean hasId(String id);

    /** The ids of the other documents that hold {@code claim} (a {@link Claim}'s key), in the store's order. */
    Collection<String> holding(String claim);

    /** The others as a list of documents. */
    static <T extends Record> OtherDocuments of(SettingsType<T> type, Collection<T> documents) {
        ListedDocuments<T> listed = new ListedDocuments<>(type);
        documents.forEach(listed::add);
        return listed;
    }
}
