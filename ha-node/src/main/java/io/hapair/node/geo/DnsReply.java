package io.hapair.node.geo;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * What a GEO DNS response says, decided by {@link GeoDnsResponder} for one query, apart from the query's ID
 * and the letter case of the name asked. Equal replies encode to equal bytes: {@link #encode} reads nothing
 * else, except the zone's SOA and the addresses' literals, which follow from their text. So the bytes can be
 * kept per reply ({@link AnswerCache}) and given to every query that gets the same reply, with its own ID
 * and case put in.
 *
 * @param opcode the query's, echoed
 * @param recursionDesired the query's RD flag, echoed
 * @param rcode the full response code; BADVERS (16) goes partly in the OPT record, as RFC 6891 has it
 * @param authoritative the AA flag
 * @param name the name asked, echoed in the question; null when the question is not echoed. Compared without
 *     letter case, as dnsjava compares names
 * @param type the type asked
 * @param dclass the class asked
 * @param addresses the address records' data, in order
 * @param ttl the address records' TTL
 * @param soaZone the zone whose SOA the response carries, or null
 * @param soaAnswered whether that SOA is the answer (asked for) rather than the authority of a negative answer
 * @param edns whether the response carries an OPT record
 * @param subnet the EDNS Client Subnet to echo, or null
 * @param limit the largest response the transport takes; a longer one becomes {@link #truncated}
 */
record DnsReply(int opcode, boolean recursionDesired, int rcode, boolean authoritative, Name name, int type,
                int dclass, List<String> addresses, long ttl, Name soaZone, boolean soaAnswered, boolean edns,
                Subnet subnet, int limit) {

    // 1232 bytes: the DNS flag day 2020 size, which fits the IPv6 minimum MTU without fragmentation.
    static final int EDNS_UDP_LIMIT = 1232;
    // The one place a response's ID is: the first two bytes of its header.
    private static final int ID_OFFSET = 0;
    // The question, when there is one, follows the 12-byte header, its name written out in full.
    private static final int QUESTION_OFFSET = 12;

    /**
     * An EDNS Client Subnet as echoed (RFC 7871 7.2.1): family, source prefix length and address as asked, and
     * the scope the answer holds for.
     */
    record Subnet(int sourcePrefixLength, int scopePrefixLength, InetAddress address) {
    }

    /**
     * A response's bytes for the ID 0 and the name's case as in {@link DnsReply#name}.
     *
     * @param asked whether the response echoes the question (a refused opcode or a malformed question does not)
     * @param truncated whether the reply did not fit and these bytes are the question alone, with TC set
     */
    record Encoded(byte[] wire, boolean asked, boolean truncated) {

        /** These bytes with the query's ID and the name as the query spelled it: what goes back to the client. */
        byte[] to(Message query) {
            byte[] out = wire.clone();
            int id = query.getHeader().getID();
            out[ID_OFFSET] = (byte) (id >>> 8);
            out[ID_OFFSET + 1] = (byte) id;
            if (asked) {
                // Only the question holds the name's bytes: later names point to it (compression), whatever
                // their case, as dnsjava compares names without it.
                byte[] name = query.getQuestion().getName().toWire();
                System.arraycopy(name, 0, out, QUESTION_OFFSET, name.length);
            }
            return out;
        }
    }

    /** The response's bytes, with dnsjava; the SOAs and literals come from {@code zones}. */
    Encoded encode(GeoZones zones) {
        Message response = new Message(0);
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        if (recursionDesired) {
            header.setFlag(Flags.RD);
        }
        if (authoritative) {
            header.setFlag(Flags.AA);
        }
        header.setOpcode(opcode);
        header.setRcode(rcode & 0xF);
        if (name != null) {
            response.addRecord(Record.newRecord(name, type, dclass), Section.QUESTION);
        }
        for (String address : addresses) {
            response.addRecord(record(name, ttl, zones.literal(address)), Section.ANSWER);
        }
        if (soaZone != null) {
            response.addRecord(zones.soa(soaZone), soaAnswered ? Section.ANSWER : Section.AUTHORITY);
        }
        if (edns) {
            List<org.xbill.DNS.EDNSOption> echo = subnet == null ? List.of() : List.of(new ClientSubnetOption(
                    subnet.sourcePrefixLength(), subnet.scopePrefixLength(), subnet.address()));
            response.addRecord(new OPTRecord(EDNS_UDP_LIMIT, rcode >>> 4, 0, 0, echo), Section.ADDITIONAL);
        }
        byte[] wire = response.toWire();
        boolean asked = name != null;
        return wire.length > limit ? new Encoded(truncated(response).toWire(), asked, true)
                : new Encoded(wire, asked, false);
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

    private static Record record(Name name, long ttl, InetAddress literal) {
        return literal.getAddress().length == 4 ? new ARecord(name, DClass.IN, ttl, literal)
                : new AAAARecord(name, DClass.IN, ttl, literal);
    }
}
