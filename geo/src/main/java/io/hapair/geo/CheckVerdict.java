package io.hapair.geo;

import java.time.Instant;

/**
 * What the checks of one site say so far, HAProxy style: an up site goes down after {@code fall}
 * failed checks in a row, a down site comes up after {@code rise} passed checks in a row, so one lost
 * packet neither removes a site from DNS nor brings a flapping one back. A site not checked yet counts
 * as up, like a remote cluster not polled yet: GEO keeps answering it rather than answering nothing.
 *
 * @param up whether the site is answered
 * @param streak checks in a row whose result contradicts {@code up} (failures while up, passes while down)
 * @param since when {@code up} last changed, or the first check when it never did; null before any check
 * @param lastError why the latest check failed; null when it passed or none ran
 */
public record CheckVerdict(boolean up, int streak, Instant since, String lastError) {

    // Two in a row both ways: at the default poll interval of 5 s a dead site leaves DNS within about
    // 10 s (then the answer's TTL), yet a single dropped SYN or slow answer does not flap the answer.
    public static final int DEFAULT_FALL = 2;
    public static final int DEFAULT_RISE = 2;

    /** Before the first check. */
    public static final CheckVerdict UNCHECKED = new CheckVerdict(true, 0, null, null);

    /** The verdict after one more check with the default thresholds. */
    public CheckVerdict after(boolean passed, String error, Instant now) {
        return after(passed, error, now, DEFAULT_RISE, DEFAULT_FALL);
    }

    /**
     * The verdict after one more check.
     *
     * @param error why it failed; ignored when it passed
     */
    public CheckVerdict after(boolean passed, String error, Instant now, int rise, int fall) {
        String why = passed ? null : error;
        if (passed == up) {
            return new CheckVerdict(up, 0, since == null ? now : since, why);
        }
        int contrary = streak + 1;
        if (contrary >= (up ? fall : rise)) {
            return new CheckVerdict(!up, 0, now, why);
        }
        return new CheckVerdict(up, contrary, since == null ? now : since, why);
    }

    public boolean checked() {
        return since != null;
    }
}
