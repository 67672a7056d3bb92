package io.hapair.cloud.adapter;

import java.util.Optional;

/**
 * Reads an SDK exception's cause chain, where the reason an operator can act on (a refused
 * connection, an unknown host) usually sits at the bottom.
 */
public final class CauseChain {

    private CauseChain() {
    }

    /** Whether the failure or any of its causes is of the type. */
    public static boolean contains(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The failure itself or its first cause of the type, if any. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** The innermost cause, as its class and message, e.g. "java.net.ConnectException: Connection refused". */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
