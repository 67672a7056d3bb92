package io.hapair.node.runtime;

import io.hapair.node.config.FieldError;
import java.util.List;
import java.util.Optional;

/** What the settings API needs to know about document types: which exist, and how to check a document. */
public interface DocumentRules {

    /** One settings type as the API sees it. */
    record Kind(String path, boolean synced, boolean singleton) {
    }

    /**
     * A checked document.
     *
     * @param id       its id (from the document, or the singleton's fixed id)
     * @param body     canonical JSON to store; null when there are errors
     * @param errors   field errors (HTTP 400)
     * @param warnings accepted, but worth telling the operator
     */
    record Checked(String id, String body, List<FieldError> errors, List<String> warnings) {
    }

    Optional<Kind> kind(String path);

    List<Kind> kinds();

    /**
     * Parses and validates {@code json} as a document of {@code kind}, against the other stored
     * documents of that kind (for uniqueness rules). {@code pathId} is the id from the URL, or null.
     */
    Checked check(Kind kind, String json, String pathId, List<String> otherBodies);
}
