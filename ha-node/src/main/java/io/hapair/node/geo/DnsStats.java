package io.hapair.node.geo;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the GEO DNS server, for status and metrics: malformed packets are counted, never fatal.
 * Every packet that reaches the responder counts once, by {@link Result} and {@link Transport}, so the
 * results add up to the packets received; truncation is counted besides, as it happens to answers.
 */
public final class DnsStats {

    /** What became of one packet. */
    public enum Result {
        /** NOERROR: an address, a NODATA answer with the SOA, or the SOA itself. */
        ANSWERED,
        /** A name in a zone that is no GEO FQDN. */
        NXDOMAIN,
        /** A name outside every zone: this server is nobody's resolver. */
        REFUSED,
        /** Parsed but not a query this server answers: FORMERR, NOTIMP or BADVERS. */
        ERROR,
        /** Not parseable, itself a response, or unanswerable: dropped without an answer. */
        MALFORMED;

        /** The Prometheus label value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Transport {
        UDP, TCP;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLong[] counts = new AtomicLong[Result.values().length * Transport.values().length];
    private final AtomicLong truncated = new AtomicLong();

    public DnsStats() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicLong();
        }
    }

    void count(Result result, boolean udp) {
        counts[index(result, udp ? Transport.UDP : Transport.TCP)].incrementAndGet();
    }

    void countTruncated() {
        truncated.incrementAndGet();
    }

    public long count(Result result, Transport transport) {
        return counts[index(result, transport)].get();
    }

    /** Over UDP and TCP. */
    public long count(Result result) {
        long sum = 0;
        for (Transport t : Transport.values()) {
            sum += count(result, t);
        }
        return sum;
    }

    /** UDP answers sent with TC set (the question alone), for the client to ask again over TCP. */
    public long truncated() {
        return truncated.get();
    }

    private static int index(Result result, Transport transport) {
        return result.ordinal() * Transport.values().length + transport.ordinal();
    }
}
