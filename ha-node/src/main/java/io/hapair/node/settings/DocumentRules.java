package io.hapair.node.settings;

import java.util.Collection;

/** The validation rules of one settings type, beyond the JSON shape that {@link JsonShape} checks. */
@FunctionalInterface
interface DocumentRules<T> {

    /** Checks one document on its own: required fields, syntax, ranges, warnings. */
    void check(T document, Findings findings);

    /**
     * Checks one document against the others of its type (without the one it replaces); the clash
     * of ids is checked for every type by the codec.
     */
    default void checkAgainst(T document, Collection<T> others, Findings findings) {
    }
}
