package io.hapair.node.config;

import io.hapair.node.validation.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** Invalid configuration: each error names the key, where its value came from, and what to do. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public ConfigException(String message) {
        super(message);
        this.errors = List.of(new FieldError("config", message));
    }

    public ConfigException(List<FieldError> errors) {
        super("invalid configuration:\n  " + errors.stream().map(FieldError::message).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
