package io.hapair.node.peer;

/**
 * The anti-replay window of RFC 4303 (IPsec ESP) section 3.4.3, as DTLS uses it too: the highest
 * sequence number accepted and a bitmap of which of the {@value #SIZE} numbers below it were seen.
 * A datagram may arrive late or out of order (it is not an attack), but never twice, and nothing
 * older than the window is taken, as it can no longer be told from a replay.
 * {@link #check} runs before the MAC (cheap refusal of floods), {@link #accept} only after it, so a
 * forged datagram can never move the window.
 */
final class ReplayWindow {

    static final int SIZE = 64;

    /** What a sequence number is to this window. */
    enum Verdict {
        /** Higher than any so far: the newest datagram. */
        NEWEST,
        /** Inside the window, not seen yet: genuine but overtaken by a newer one. */
        LATE,
        /** Seen already, or older than the window: refused as a replay. */
        REPLAY
    }

    private long highest;
    // Bit i set: highest - i was accepted. Bit 0 is highest itself.
    private long seen;

    Verdict check(long seq) {
        if (seq <= 0) {
            return Verdict.REPLAY;
        }
        if (seq > highest) {
            return Verdict.NEWEST;
        }
        long behind = highest - seq;
        if (behind >= SIZE || (seen & (1L << behind)) != 0) {
            return Verdict.REPLAY;
        }
        return Verdict.LATE;
    }

    /** Records {@code seq} as received; returns what {@link #check} said of it before. */
    Verdict accept(long seq) {
        Verdict verdict = check(seq);
        if (verdict == Verdict.NEWEST) {
            long ahead = seq - highest;
            seen = ahead >= SIZE ? 1L : (seen << ahead) | 1L;
            highest = seq;
        } else if (verdict == Verdict.LATE) {
            seen |= 1L << (highest - seq);
        }
        return verdict;
    }
}
