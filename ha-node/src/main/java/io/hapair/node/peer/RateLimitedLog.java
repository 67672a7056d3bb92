package io.hapair.node.peer;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * At most one warning per interval for one kind of event, however often it happens: a flood of forged
 * datagrams must cost the node a counter increment each, not a log line each. The first occurrence is
 * logged at once; later ones within the interval are counted and the next line says how many there were.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastLoggedAt;
    private boolean loggedOnce;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMillis, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} (an SLF4J pattern) unless a line went out within the interval. */
    void warn(String message, Object... args) {
        long now = nanoClock.getAsLong();
        if (loggedOnce && now - lastLoggedAt < intervalNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn(message + " (and {} more like it not logged since the last line)", append(args, suppressed));
        } else {
            log.warn(message, args);
        }
        loggedOnce = true;
        lastLoggedAt = now;
        suppressed = 0;
    }

    private static Object[] append(Object[] args, long value) {
        Object[] out = new Object[args.length + 1];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = value;
        return out;
    }
}
