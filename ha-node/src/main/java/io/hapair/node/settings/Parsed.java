package io.hapair.node.settings;

import io.hapair.node.validation.FieldError;
import java.util.List;

/**
 * What the codec made of a settings document.
 *
 * @param document the validated document, or null when there are errors
 * @param errors what is wrong, by JSON path ({@code realServers[2].port}; {@code body} for the document
 *     as a whole), each saying what to do; the document must not be stored when there is one
 * @param warnings what is allowed but probably not meant; the document may be stored, and the warnings
 *     shown to the operator
 */
public record Parsed<T>(T document, List<FieldError> errors, List<String> warnings) {

    public Parsed {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
