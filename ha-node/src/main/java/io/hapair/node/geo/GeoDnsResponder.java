package io.hapair.node.geo;

import io.hapair.geo.Candidate;
import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoAnswerer.Family;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.IpAddress;
import io.hapair.node.geo.DnsStats.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a DNS query (wire bytes) into the authoritative answer (wire bytes), or nothing when the
 * packet is not a query worth answering. No sockets here: {@link GeoDnsServer} carries the bytes.
 *
 * <p>Proximity places the client by its EDNS Client Subnet (RFC 7871) when the query carries one, else
 * by the query's source address; a query with a subnet gets it back with the SCOPE PREFIX-LENGTH the
 * answer holds for (0 when the answer does not depend on where the client is).
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
    // TCP messages carry a 16-bit length.
    static final int TCP_LIMIT = 65_535;

    // Placed nowhere, and so for every client alike.
    private static final ClientLocations.Located NOWHERE = new ClientLocations.Located(null, 0);

    /** Who asked, as far as the query tells: an address and how many of its leading bits are the client's. */
    private record Client(IpAddress address, int knownBits) {

        /** By the query's source address; placed nowhere when it is no literal (not expected from a socket). */
        static Client at(String source) {
            IpAddress address = IpAddress.parse(source).orElse(null);
            return new Client(address, address == null ? 0 : address.isIpv6() ? 128 : 32);
        }

        /** By the EDNS Client Subnet: its address holds only the source prefix's bits. */
        static Client in(ClientSubnetOption subnet) {
            return new Client(IpAddress.parse(subnet.getAddress().getHostAddress()).orElse(null),
                    subnet.getSourcePrefixLength());
        }

        ClientLocations.Located locate(ClientLocations locations) {
            return address == null ? NOWHERE : locations.locate(address, knownBits);
        }
    }

    private final Supplier<GeoZones> zones;
    private final DnsStats stats;
    // One counter per configured FQDN: the round-robin position, kept here so that selection stays pure.
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();
    private final AnswerCache answers;

    public GeoDnsResponder(Supplier<GeoZones> zones, DnsStats stats) {
        this(zones, stats, AnswerCache.CAPACITY);
    }

    /** @param cachedAnswers how many encoded answers to keep; 0 encodes every answer anew */
    GeoDnsResponder(Supplier<GeoZones> zones, DnsStats stats, int cachedAnswers) {
        this.zones = zones;
        this.stats = stats;
        this.answers = new AnswerCache(cachedAnswers);
    }

    /**
     * The response to send, or empty to drop the packet (malformed, or itself a response).
     *
     * @param source the address the query came from
     */
    public Optional<byte[]> respond(byte[] packet, boolean udp, String source) {
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
            GeoZones now = zones.get();
            DnsReply reply = reply(query, udp, source, now);
            DnsReply.Encoded encoded = answers.encoded(reply, now);
            if (encoded.truncated()) {
                stats.countTruncated();
            }
            stats.count(result(reply.rcode()), udp);
            return Optional.of(encoded.to(query));
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

    private DnsReply reply(Message query, boolean udp, String source, GeoZones now) {
        Header header = query.getHeader();
        OPTRecord opt = query.getOPT();
        int limit = !udp ? TCP_LIMIT
                : opt == null ? PLAIN_UDP_LIMIT
                : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), DnsReply.EDNS_UDP_LIMIT));
        boolean rd = header.getFlag(Flags.RD);
        if (opt == null) {
            Said said = answer(query, now, () -> Client.at(source));
            return said.reply(header.getOpcode(), rd, false, null, limit);
        }
        if (opt.getVersion() != 0) {
            // RFC 6891: BADVERS, whose extended bits go in the OPT.
            return new DnsReply(header.getOpcode(), rd, Rcode.BADVERS, false, null, 0, 0, List.of(), 0, null, false,
                    true, null, limit);
        }
        Optional<ClientSubnetOption> subnet = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).stream()
                .map(ClientSubnetOption.class::cast).findFirst();
        Said said = answer(query, now, () -> subnet.map(Client::in).orElseGet(() -> Client.at(source)));
        DnsReply.Subnet echo = subnet.map(s -> new DnsReply.Subnet(s.getSourcePrefixLength(), said.scope(),
                s.getAddress())).orElse(null);
        return said.reply(header.getOpcode(), rd, true, echo, limit);
    }

    /**
     * What the answer to a query says, before EDNS.
     *
     * @param question the question to echo, or null
     * @param scope how many leading bits of the client's address the answer depends on: 0 unless proximity
     *     placed the client
     */
    private record Said(int rcode, boolean authoritative, Record question, List<String> addresses, long ttl,
                        Name soaZone, boolean soaAnswered, int scope) {

        static Said only(int rcode) {
            return new Said(rcode, false, null, List.of(), 0, null, false, 0);
        }

        DnsReply reply(int opcode, boolean recursionDesired, boolean edns, DnsReply.Subnet subnet, int limit) {
            return new DnsReply(opcode, recursionDesired, rcode, authoritative,
                    question == null ? null : question.getName(), question == null ? 0 : question.getType(),
                    question == null ? 0 : question.getDClass(), addresses, ttl, soaZone, soaAnswered, edns, subnet,
                    limit);
        }
    }

    /**
     * The answer to {@code query}.
     *
     * @param client who asked; read only for proximity, the one selection that needs it, as reading the
     *     address costs more than the rest of an answer
     */
    private Said answer(Message query, GeoZones now, Supplier<Client> client) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Said.only(Rcode.NOTIMP);
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            return Said.only(Rcode.FORMERR);
        }
        Name name = question.getName();
        // A query's name is looked up as it came: dnsjava's names compare without letter case.
        GeoFqdn fqdn = question.getDClass() == DClass.IN ? now.fqdn(name) : null;
        if (fqdn == null) {
            Optional<Name> zone = question.getDClass() == DClass.IN ? now.zoneFor(name) : Optional.empty();
            if (zone.isEmpty()) {
                return new Said(Rcode.REFUSED, false, question, List.of(), 0, null, false, 0);
            }
            if (name.equals(zone.get()) && question.getType() == Type.SOA) {
                return new Said(Rcode.NOERROR, true, question, List.of(), 0, zone.get(), true, 0);
            }
            // An apex that is no FQDN itself still exists (it has the SOA): NODATA there, NXDOMAIN below it.
            int rcode = name.equals(zone.get()) ? Rcode.NOERROR : Rcode.NXDOMAIN;
            return new Said(rcode, true, question, List.of(), 0, zone.get(), false, 0);
        }
        int type = question.getType();
        // Without client locations every client is placed nowhere: the address need not be read.
        boolean placed = fqdn.selection() == GeoFqdn.Selection.PROXIMITY && (type == Type.A || type == Type.AAAA)
                && !now.locations().isEmpty();
        ClientLocations.Located located = placed ? client.get().locate(now.locations()) : NOWHERE;
        List<String> addresses = addresses(now, fqdn, type, located.location());
        // NODATA when there is no address: the SOA, so that resolvers cache the negative answer. An FQDN's zone
        // is always configured, as the zones are those of the FQDNs.
        return new Said(Rcode.NOERROR, true, question, addresses, fqdn.ttlSeconds(),
                addresses.isEmpty() ? now.zoneFor(name).orElseThrow() : null, false, located.scope());
    }

    private List<String> addresses(GeoZones now, GeoFqdn fqdn, int type, GeoLocation client) {
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
        AtomicLong turns = this.turns.get(fqdn.fqdn());
        long turn = (turns != null ? turns : this.turns.computeIfAbsent(fqdn.fqdn(), k -> new AtomicLong()))
                .getAndIncrement();
        Family family = type == Type.AAAA ? Family.IPV6 : Family.IPV4;
        return now.answerer().answer(fqdn, family, turn, client).map(List::of).orElse(List.of());
    }
}
