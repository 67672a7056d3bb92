package io.hapair.node.settings;

import java.util.List;

/** The validation rules of one settings type, beyond the JSON shape that {@link JsonShape} checks. */
@FunctionalInterface
interface DocumentRules<T> {

    /** Checks one document on its own: required fields, syntax, ranges, warnings. */
    void check(T document, Findings findings);

    /**
     * What the document holds that no other of its type may hold too; the codec looks each claim up
     * among the others (an index, not a scan). The clash of ids is checked for every type by the codec.
     */
    default List<Claim> claims(T document) {
        return List.of();
    }
}
