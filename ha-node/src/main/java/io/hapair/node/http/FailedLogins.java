package io.hapair.node.http;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins by source address, one record for HTTP Basic and the UI's login form so that a guesser
 * gains nothing by switching between them: every failure is logged with its source and counted, and an
 * address with {@value LoginThrottle#MAX_FAILURES} failures within a minute is refused until the oldest
 * ages out.
 */
public final class FailedLogins {

    private static final Logger LOG = LoggerFactory.getLogger(FailedLogins.class);
    // A user name is the client's text: cut and cleaned so that it cannot forge or flood log lines.
    private static final int MAX_LOGGED_USER = 64;

    /** How the password was sent; the metrics tag. */
    public enum Method {
        BASIC, UI;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where failures and refusals are counted: the node's metrics. */
    public interface Counts {
        void loginFailed(Method method);

        void loginThrottled(Method method);
    }

    private final LoginThrottle throttle = new LoginThrottle();
    private final LongSupplier clock;
    private final Counts counts;

    public FailedLogins(LongSupplier clock, Counts counts) {
        this.clock = clock;
        this.counts = counts;
    }

    /**
     * Whole seconds until {@code from} may try a password again, 0 when it may try now. A refusal is
     * counted; it is not logged, because the failure that began it was.
     */
    public long refusedForSeconds(Method method, String from) {
        long wait = throttle.waitMillis(from, clock.getAsLong());
        if (wait <= 0) {
            return 0;
        }
        counts.loginThrottled(method);
        return (wait + 999) / 1000;
    }

    public void failed(Method method, String from, String user) {
        long wait = throttle.failed(from, clock.getAsLong());
        counts.loginFailed(method);
        if (wait > 0) {
            LOG.warn("auth: failed {} login as '{}' from {}; {} failures within {} s: logins from {} refused for {} s",
                    method.tag(), printable(user), from, LoginThrottle.MAX_FAILURES,
                    LoginThrottle.WINDOW_MILLIS / 1000, from, (wait + 999) / 1000);
        } else {
            LOG.warn("auth: failed {} login as '{}' from {}", method.tag(), printable(user), from);
        }
    }

    /** A good password forgives the address's earlier typos. */
    public void succeeded(String from) {
        throttle.succeeded(from);
    }

    static String printable(String user) {
        String cut = user.length() > MAX_LOGGED_USER ? user.substring(0, MAX_LOGGED_USER) + "..." : user;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
