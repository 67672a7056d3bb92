package io.hapair.node.wui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing at the login page: after {@link #MAX_FAILURES} failed logins from one
 * address within {@link #WINDOW_MILLIS}, that address may not try again until the oldest of them has
 * aged out. No I/O; the caller passes the time.
 */
final class LoginThrottle {

    // Five: enough for an operator's typos, few enough that guessing a password this way is hopeless.
    static final int MAX_FAILURES = 5;
    // One minute: short enough that a locked-out operator just waits, long enough to cap guessing at 5 a minute.
    static final long WINDOW_MILLIS = 60_000;

    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    /** Milliseconds until {@code address} may try again; 0 when it may try now. */
    synchronized long waitMillis(String address, long now) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return 0;
        }
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MILLIS) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(address);
            return 0;
        }
        return times.size() < MAX_FAILURES ? 0 : times.peekFirst() + WINDOW_MILLIS - now;
    }

    /** A good password forgives the address's earlier typos. */
    synchronized void succeeded(String address) {
        failures.remove(address);
    }

    synchronized void failed(String address, long now) {
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(now);
    }
}
