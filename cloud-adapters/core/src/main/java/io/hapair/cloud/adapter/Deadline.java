package io.hapair.cloud.adapter;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a whole {@code hanode cloud} command may take ({@code --timeout}, 30 s by default). An
 * endpoint that never answers, retries and backoff all come out of this one budget, so an operator
 * gets a clear error within it instead of waiting minutes on the SDKs' own per-call defaults.
 */
public final class Deadline {

    /** A command's time limit unless {@code timeout} says otherwise. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private final Duration limit;
    private final LongSupplier nanoTime;
    private long end;
    // While the operator answers a prompt the clock stands still; -1 when it runs.
    private long pausedAt = -1;

    private Deadline(Duration limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.end = nanoTime.getAsLong() + limit.toNanos();
    }

    /** A deadline {@code limit} from now. */
    public static Deadline after(Duration limit) {
        return new Deadline(limit, System::nanoTime);
    }

    /** A deadline on the given clock (nanoseconds, as {@link System#nanoTime()}); tests turn it by hand. */
    static Deadline after(Duration limit, LongSupplier nanoTime) {
        return new Deadline(limit, nanoTime);
    }

    /** A DURATION as flags and files write it: a number and ms, s, m or h, e.g. 30s or 2m; null if it is none. */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** How a limit reads in messages: 30s, 2m, 1500ms. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    public Duration limit() {
        return limit;
    }

    /** Time left, never negative; it does not shrink while the clock is paused. */
    public synchronized Duration remaining() {
        return Duration.ofNanos(Math.max(0, end - now()));
    }

    public synchronized boolean passed() {
        return end - now() <= 0;
    }

    /**
     * Runs something that waits for the operator, not the cloud (the apply prompt): the time it
     * takes does not count against the limit.
     */
    public <T> T excluding(Supplier<T> operatorWait) {
        synchronized (this) {
            pausedAt = nanoTime.getAsLong();
        }
        try {
            return operatorWait.get();
        } finally {
            synchronized (this) {
                end += nanoTime.getAsLong() - pausedAt;
                pausedAt = -1;
            }
        }
    }

    private long now() {
        return pausedAt >= 0 ? pausedAt : nanoTime.getAsLong();
    }

    /**
     * The error for a command that ran out of time while waiting for {@code what}, e.g. "Azure
     * Resource Manager at https://management.azure.com (GET load balancer ilb-ha)".
     */
    public CloudException exceeded(String what, Throwable cause) {
        return new CloudException("no answer from " + what + " within the command's time limit of " + format(limit),
            "check the network, proxy and endpoint; allow more time with --timeout, e.g. --timeout 2m", cause);
    }
}
