package io.hapair.node.geo;

import io.hapair.geo.Candidate;
import io.hapair.geo.GeoAnswerer.Family;
import io.hapair.geo.GeoFqdn;
import io.hapair.node.geo.DnsStats.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns a DNS query (wire bytes) into the authoritative answer (wire bytes), or nothing when the
 * packet is not a query worth answering. No sockets here: {@link GeoDnsServer} carries the bytes.
 *
 * <p>A and AAAA get the one address that selection picks; ANY lists every healthy address of both
 * families (what the name can answer, for operators), which is also the answer that can outgrow UDP.
 * Names in a zone but not configured get NXDOMAIN, configured names without an address of the asked
 * type NODATA, both with the zone's SOA so resolvers cache the negative answer; names outside every
 * zone get REFUSED, and recursion is never offered (RA clear).
 */
public final class GeoDnsResponder {

    // Without EDNS, RFC 1035's UDP limit.
    static final int PLAIN_UDP_LIMIT = 512;
    // 1232 bytes: the DNS flag day 2020 size, which fits the IPv6 minimum MTU without fragmentation.
    static final int EDNS_UDP_LIMIT = 1232;
    // TCP messages carry a 16-bit length.
    static final int TCP_LIMIT = 65_535;
    // RFC 2308: the SOA minimum bounds negative caching; as short as the default answer TTL, so that a
    // name added or a cluster back up is seen as quickly as a change of answer.
    private static final long NEGATIVE_TTL = GeoFqdn.DEFAULT_TTL_SECONDS;

    private final Supplier<GeoZones> zones;
    private final DnsStats stats;
    // One counter per configured FQDN: the round-robin position, kept here so that selection stays pure.
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

    public GeoDnsResponder(Supplier<GeoZones> zones, DnsStats stats) {
        this.zones = zones;
        this.stats = stats;
    }

    /** The response to send, or empty to drop the packet (malformed, or itself a response). */
    public Optional<byte[]> respond(byte[] packet, boolean udp) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            stats.count(Result.MALFORMED, udp);
            return Optional.empty();
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            // Answering a response could start a loop between two servers.
            stats.count(Result.MALFORMED, udp);
            return Optional.empty();
        }
        try {
            Message response = answer(query);
            OPTRecord opt = query.getOPT();
            int limit = !udp ? TCP_LIMIT
                    : opt == null ? PLAIN_UDP_LIMIT
                    : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_UDP_LIMIT));
            byte[] wire = response.toWire();
            if (wire.length > limit) {
                stats.countTruncated();
                wire = truncated(response).toWire();
            }
            stats.count(result(response.getRcode()), udp);
            return Optional.of(wire);
        } catch (RuntimeException e) {
            // A query dnsjava parsed but cannot answer (odd record data): dropped and counted like a malformed one.
            stats.count(Result.MALFORMED, udp);
            return Optional.empty();
        }
    }

    private static Result result(int rcode) {
        return switch (rcode) {
            case Rcode.NOERROR -> Result.ANSWERED;
            case Rcode.NXDOMAIN -> Result.NXDOMAIN;
            case Rcode.REFUSED -> Result.REFUSED;
            default -> Result.ERROR;
        };
    }

    /**
     * The question alone, with TC set: the client retries over TCP for the whole answer. A partial
     * record set would be cached as if complete, so none is sent.
     */
    private static Message truncated(Message response) {
        Message truncated = new Message(response.getHeader().getID());
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.TC}) {
            if (flag == Flags.TC || response.getHeader().getFlag(flag)) {
                truncated.getHeader().setFlag(flag);
            }
        }
        truncated.addRecord(response.getQuestion(), Section.QUESTION);
        if (response.getOPT() != null) {
            truncated.addRecord(response.getOPT(), Section.ADDITIONAL);
        }
        return truncated;
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            response.addRecord(new OPTRecord(EDNS_UDP_LIMIT, opt.getVersion() == 0 ? 0 : Rcode.BADVERS >>> 4, 0, 0),
                    Section.ADDITIONAL);
            if (opt.getVersion() != 0) {
                return response; // RFC 6891: BADVERS, the extended bits are in the OPT above
            }
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return rcode(response, Rcode.NOTIMP);
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            return rcode(response, Rcode.FORMERR);
        }
        response.addRecord(question, Section.QUESTION);
        GeoZones now = zones.get();
        String name = lowerNoDot(question.getName());
        Optional<String> zone = question.getDClass() == DClass.IN ? now.zoneFor(name) : Optional.empty();
        if (zone.isEmpty()) {
            return rcode(response, Rcode.REFUSED);
        }
        response.getHeader().setFlag(Flags.AA);
        GeoFqdn fqdn = now.fqdns().get(name);
        SOARecord soa = soa(zone.get());
        if (fqdn == null) {
            if (name.equals(zone.get()) && question.getType() == Type.SOA) {
                response.addRecord(soa, Section.ANSWER);
                return response;
            }
            response.addRecord(soa, Section.AUTHORITY);
            // An apex that is no FQDN itself still exists (it has the SOA): NODATA there, NXDOMAIN below it.
            if (!name.equals(zone.get())) {
                return rcode(response, Rcode.NXDOMAIN);
            }
            return response;
        }
        List<String> addresses = addresses(now, fqdn, question.getType());
        for (String address : addresses) {
            response.addRecord(record(question.getName(), fqdn.ttlSeconds(), address), Section.ANSWER);
        }
        if (addresses.isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY);
        }
        return response;
    }

    private List<String> addresses(GeoZones now, GeoFqdn fqdn, int type) {
        if (type == Type.ANY) {
            List<String> all = new ArrayList<>();
            for (Family family : Family.values()) {
                now.answerer().healthy(fqdn, family).stream().map(Candidate::address).forEach(all::add);
            }
            return all;
        }
        if (type != Type.A && type != Type.AAAA) {
            return List.of();
        }
        long turn = turns.computeIfAbsent(fqdn.fqdn(), k -> new AtomicLong()).getAndIncrement();
        Family family = type == Type.AAAA ? Family.IPV6 : Family.IPV4;
        // Proximity needs the client's location, which no setting gives yet: it answers the first listed.
        return now.answerer().answer(fqdn, family, turn, null).map(List::of).orElse(List.of());
    }

    private static Record record(Name name, long ttl, String address) {
        try {
            InetAddress literal = Address.getByAddress(address);
            return literal.getAddress().length == 4 ? new ARecord(name, DClass.IN, ttl, literal)
                    : new AAAARecord(name, DClass.IN, ttl, literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("stored GEO address '" + address + "' is no literal", e);
        }
    }

    private static SOARecord soa(String zone) {
        try {
            Name origin = Name.fromString(zone + ".");
            // Serial 1 and the timers are nominal: there are no secondary servers to transfer the zone to.
            return new SOARecord(origin, DClass.IN, NEGATIVE_TTL, origin, Name.fromString("hostmaster." + zone + "."),
                    1, 3600, 600, 86400, NEGATIVE_TTL);
        } catch (TextParseException e) {
            throw new IllegalStateException("zone '" + zone + "' is no DNS name", e);
        }
    }

    private static Message rcode(Message response, int rcode) {
        response.getHeader().setRcode(rcode);
        return response;
    }

    private static String lowerNoDot(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
