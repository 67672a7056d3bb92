package io.hapair.node.geo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoded GEO DNS responses by what they say ({@link DnsReply}): a query whose reply was encoded before gets
 * a copy of those bytes with its own ID and letter case, instead of dnsjava building and encoding the
 * message again (in a profile, most of the allocation per query and a third of the DNS event loops' time).
 *
 * <p>Selection still runs for every query: the round-robin turn, the client's place and the clusters' health
 * decide the reply, and the reply is the key. So a health change or the next turn is a new key, never a
 * stale answer. The kept answers start empty with each settings snapshot, so that none of a removed name
 * stays, and are dropped all at once when full: clients' subnets (EDNS Client Subnet) can make many replies.
 */
final class AnswerCache {

    // A few per name for 1,000 names and more (one per address a name rotates over, per type); about 200
    // bytes each, so a full cache holds under 2 MiB.
    static final int CAPACITY = 8_192;

    /** The answers kept for one snapshot of the settings. */
    private record Kept(GeoZones zones, Map<DnsReply, DnsReply.Encoded> encoded) {
    }

    private final int capacity;
    // Replaced with each new snapshot; two event loops may race to replace it, and then one loses its entries.
    private volatile Kept kept = new Kept(null, Map.of());

    /** @param capacity how many answers to keep; 0 keeps none */
    AnswerCache(int capacity) {
        this.capacity = capacity;
    }

    /** The bytes of {@code reply}, encoded with the SOAs and literals of {@code zones}, the snapshot it came from. */
    DnsReply.Encoded encoded(DnsReply reply, GeoZones zones) {
        if (capacity == 0) {
            return reply.encode(zones);
        }
        Kept now = kept;
        if (now.zones() != zones) {
            now = new Kept(zones, new ConcurrentHashMap<>());
            kept = now;
        }
        DnsReply.Encoded encoded = now.encoded().get(reply);
        if (encoded == null) {
            encoded = reply.encode(zones);
            if (now.encoded().size() >= capacity) {
                now.encoded().clear();
            }
            now.encoded().put(reply, encoded);
        }
        return encoded;
    }
}
