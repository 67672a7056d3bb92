package io.hapair.node.demo;

/**
 * What one health probe of a backend saw. Only an HTTP 200 counts as healthy, as for an Azure
 * HTTP probe; every other answer, and no answer at all, counts against the backend.
 *
 * @param kind how the probe ended
 * @param status the HTTP status when {@code kind} is {@link Kind#ANSWERED}, otherwise 0
 */
public record ProbeResult(Kind kind, int status) {

    /** How a probe ended. */
    public enum Kind {
        /** An HTTP response arrived (any status). */
        ANSWERED,
        /** Nothing listened on the probe port. */
        REFUSED,
        /** No response within the probe timeout. */
        TIMED_OUT,
        /** The connection broke before a response arrived (reset, closed, malformed answer). */
        FAILED
    }

    public ProbeResult {
        if (kind == Kind.ANSWERED && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("an answered probe needs an HTTP status, got " + status);
        }
        if (kind != Kind.ANSWERED && status != 0) {
            throw new IllegalArgumentException(kind + " probe carries no HTTP status, got " + status);
        }
    }

    public static ProbeResult answered(int status) {
        return new ProbeResult(Kind.ANSWERED, status);
    }

    public static ProbeResult refused() {
        return new ProbeResult(Kind.REFUSED, 0);
    }

    public static ProbeResult timedOut() {
        return new ProbeResult(Kind.TIMED_OUT, 0);
    }

    public static ProbeResult failed() {
        return new ProbeResult(Kind.FAILED, 0);
    }

    /** Azure counts exactly 200 as healthy; 2xx other than 200, redirects and errors are not. */
    public boolean healthy() {
        return kind == Kind.ANSWERED && status == 200;
    }

    /** Short phrase for logs and transitions, e.g. "answered 503" or "connection refused". */
    public String describe() {
        return switch (kind) {
            case ANSWERED -> "answered " + status;
            case REFUSED -> "connection refused";
            case TIMED_OUT -> "timed out";
            case FAILED -> "connection failed before an answer";
        };
    }
}
