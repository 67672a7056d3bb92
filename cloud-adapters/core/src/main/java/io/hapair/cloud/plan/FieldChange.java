package io.hapair.cloud.plan;

/** One field whose observed value differs from the desired one. */
public record FieldChange(String field, Object observed, Object desired) {

    @Override
    public String toString() {
        return field + " " + show(observed) + " -> " + show(desired);
    }

    private static String show(Object value) {
        // A field the other side does not have at all (null) reads like an empty one.
        return value == null || "".equals(value) ? "(none)" : String.valueOf(value);
    }
}
