package io.hapair.node.ntp.model;

/**
 * The system clock as chrony last described it.
 *
 * @param synchronised  whether chronyd keeps the clock to a source ({@link Tracking#synchronised()})
 * @param offsetSeconds how far the clock is behind NTP time (negative: ahead); null unless synchronised
 * @param stratum       the clock's stratum (its source's plus one); null unless synchronised
 * @param source        the source chronyd follows (address or reference clock); null unless synchronised
 * @param checkedAt     when chrony was asked (epoch milliseconds); null before the first answer
 */
public record ClockState(boolean synchronised, Double offsetSeconds, Integer stratum, String source, Long checkedAt) {

    /** Before chrony has answered, or when it cannot be asked: not known to be synchronised. */
    public static ClockState unknown(Long checkedAt) {
        return new ClockState(false, null, null, null, checkedAt);
    }

    /** What {@code tracking} said at {@code at}; chrony's zeros of an unsynchronised clock say nothing, so they are left out. */
    public static ClockState of(Tracking tracking, long at) {
        if (!tracking.synchronised()) {
            return unknown(at);
        }
        return new ClockState(true, tracking.systemTimeSeconds(), tracking.stratum(),
                tracking.reference().orElse(null), at);
    }
}
