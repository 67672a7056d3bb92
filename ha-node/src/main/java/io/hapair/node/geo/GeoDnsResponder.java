package io.hapair.node.geo;

import io.hapair.geo.Candidate;
import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoAnswerer.Family;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.IpAddress;
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
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
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
    // 1232 bytes: the DNS flag day 2020 size, which fits the IPv6 minimum MTU without fragmentation.
    static final int EDNS_UDP_LIMIT = 1232;
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

    public GeoDnsResponder(Supplier<GeoZones> zones, DnsStats stats) {
        this.zones = zones;
        this.stats = stats;
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
            Message response = answer(query, source);
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

    private Message answer(Message query, String source) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            answer(query, response, () -> Client.at(source));
            return response;
        }
        if (opt.getVersion() != 0) {
            // RFC 6891: BADVERS, whose extended bits go in the OPT.
            response.addRecord(new OPTRecord(EDNS_UDP_LIMIT, Rcode.BADVERS >>> 4, 0, 0), Section.ADDITIONAL);
            return response;
        }
        Optional<ClientSubnetOption> subnet = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).stream()
                .map(ClientSubnetOption.class::cast).findFirst();
        int scope = answer(query, response, () -> subnet.map(Client::in).orElseGet(() -> Client.at(source)));
        // RFC 7871 7.2.1: family, source prefix length and address as asked, and the scope the answer holds for.
        List<EDNSOption> echo = subnet.<List<EDNSOption>>map(s -> List.of(
                new ClientSubnetOption(s.getSourcePrefixLength(), scope, s.getAddress()))).orElse(List.of());
        response.addRecord(new OPTRecord(EDNS_UDP_LIMIT, 0, 0, 0, echo), Section.ADDITIONAL);
        return response;
    }

    /**
     * Fills {@code response} with the answer to {@code query}.
     *
     * @param client who asked; read only for proximity, the one selection that needs it, as reading the
     *     address costs more than the rest of an answer
     * @return how many leading bits of the client's address the answer depends on: 0 unless proximity
     *     placed the client
     */
    private int answer(Message query, Message response, Supplier<Client> client) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return 0;
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return 0;
        }
        response.addRecord(question, Section.QUESTION);
        GeoZones now = zones.get();
        String name = lowerNoDot(question.getName());
        Optional<String> zone = question.getDClass() == DClass.IN ? now.zoneFor(name) : Optional.empty();
        if (zone.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return 0;
        }
        response.getHeader().setFlag(Flags.AA);
        GeoFqdn fqdn = now.fqdns().get(name);
        SOARecord soa = now.soa(zone.get());
        if (fqdn == null) {
            if (name.equals(zone.get()) && question.getType() == Type.SOA) {
                response.addRecord(soa, Section.ANSWER);
                return 0;
            }
            response.addRecord(soa, Section.AUTHORITY);
            // An apex that is no FQDN itself still exists (it has the SOA): NODATA there, NXDOMAIN below it.
            if (!name.equals(zone.get())) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            return 0;
        }
        int type = question.getType();
        // Without client locations every client is placed nowhere: the address need not be read.
        boolean placed = fqdn.selection() == GeoFqdn.Selection.PROXIMITY && (type == Type.A || type == Type.AAAA)
                && !now.locations().isEmpty();
        ClientLocations.Located located = placed ? client.get().locate(now.locations()) : NOWHERE;
        List<String> addresses = addresses(now, fqdn, type, located.location());
        for (String address : addresses) {
            response.addRecord(record(question.getName(), fqdn.ttlSeconds(), address), Section.ANSWER);
        }
        if (addresses.isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY);
        }
        return located.scope();
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
        long turn = turns.computeIfAbsent(fqdn.fqdn(), k -> new AtomicLong()).getAndIncrement();
        Family family = type == Type.AAAA ? Family.IPV6 : Family.IPV4;
        return now.answerer().answer(fqdn, family, turn, client).map(List::of).orElse(List.of());
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

    private static String lowerNoDot(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
