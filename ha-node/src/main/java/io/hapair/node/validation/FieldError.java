package io.hapair.node.validation;

/** One problem with one configuration key or API field: which, and what to do. */
public record FieldError(String field, String message) {
}
