package io.hapair.node.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing: after {@link #MAX_FAILURES} failed logins from one address within
 * {@link #WINDOW_MILLIS}, that address may not try again until the oldest of them has aged out. No I/O;
 * the caller passes the time.
 */
public final class LoginThrottle {

    // Five: enough for an operator's typos, few enough that guessing a password this way is hopeless.
    public static final int MAX_FAILURES = 5;
    // One minute: short enough that a locked-out operator just waits, long enough to cap guessing at 5 a minute.
    public static final long WINDOW_MILLIS = 60_000;
    // Addresses remembered at once (about 2 MB): a guesser with many addresses cannot grow this without bound;
    // past it the address heard from least recently is forgotten.
    static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** Milliseconds until {@code address} may try again; 0 when it may try now. */
    public synchronized long waitMillis(String address, long now) {
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
    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    /** Records a failure; answers how long {@code address} must now wait (0: it may try again at once). */
    public synchronized long failed(String address, long now) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        times.addLast(now);
        if (times.size() > MAX_FAILURES) {
            times.removeFirst();
        }
        return waitMillis(address, now);
    }
}
