package io.hapair.node.geo;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the GEO DNS server, for status and metrics: malformed packets are counted, never fatal. */
public final class DnsStats {

    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong nxdomain = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    public long answered() {
        return answered.get();
    }

    public long refused() {
        return refused.get();
    }

    public long nxdomain() {
        return nxdomain.get();
    }

    public long truncated() {
        return truncated.get();
    }

    public long malformed() {
        return malformed.get();
    }
}
