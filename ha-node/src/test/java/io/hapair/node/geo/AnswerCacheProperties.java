package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.GeoMapping;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Kept answers are exact: a responder that keeps encoded answers gives every query the bytes a responder
 * that encodes each answer anew gives it, whatever the query's ID, letter case, flags, EDNS and client
 * subnet, its source address, the round-robin turn and the clusters' health between queries.
 */
class AnswerCacheProperties {

    private static final GeoLocation AMSTERDAM = new GeoLocation(52.37, 4.90);
    private static final GeoLocation NEW_YORK = new GeoLocation(40.71, -74.01);
    private static final Map<String, GeoCluster> CLUSTERS = Map.of(
            "dc-1", new GeoCluster("dc-1", "10.0.0.1", GeoCluster.Type.DEFAULT, null),
            "dc-2", new GeoCluster("dc-2", "10.0.0.2", GeoCluster.Type.DEFAULT, null),
            "dc-3", new GeoCluster("dc-3", "10.0.0.3", GeoCluster.Type.DEFAULT, null),
            "dc6-1", new GeoCluster("dc6-1", "fd00::1", GeoCluster.Type.DEFAULT, null),
            "ams", new GeoCluster("ams", "192.0.2.10", GeoCluster.Type.DEFAULT, AMSTERDAM),
            "ny", new GeoCluster("ny", "198.51.100.10", GeoCluster.Type.DEFAULT, NEW_YORK),
            "ams-v6", new GeoCluster("ams-v6", "2001:db8:a::10", GeoCluster.Type.DEFAULT, AMSTERDAM));
    private static final List<String> CLUSTER_NAMES = List.copyOf(CLUSTERS.keySet());
    private static final List<GeoFqdn> FQDNS = List.of(
            fqdn("rr.example.com", GeoFqdn.Selection.ROUND_ROBIN, null, "dc-1", "dc-2", "dc6-1", "192.0.2.9"),
            fqdn("wrr.example.com", GeoFqdn.Selection.WEIGHTED_ROUND_ROBIN, null, "dc-1", "dc-2", "dc-3"),
            fqdn("fixed.example.com", GeoFqdn.Selection.FIXED_WEIGHTING, null, "dc-1", "dc-2"),
            fqdn("near.example.com", GeoFqdn.Selection.PROXIMITY, null, "ny", "ams", "ams-v6"),
            fqdn("last.example.com", GeoFqdn.Selection.ROUND_ROBIN, "dc-1", "dc-3"),
            fqdn("other.test", GeoFqdn.Selection.ROUND_ROBIN, null, "dc-2"),
            // Enough addresses for ANY to outgrow a UDP answer: truncated there, whole over TCP.
            new GeoFqdn("big.example.com", null, 30, IntStream.rangeClosed(1, 40)
                    .mapToObj(i -> new GeoMapping("10.9.0." + i, i, null)).toList(), null));
    private static final ClientLocations LOCATIONS = ClientLocations.of(List.of(
            new GeoClientLocation("ams-clients", List.of("10.1.0.0/16", "2001:db8:1::/48"), new GeoLocation(52.1, 5.1)),
            new GeoClientLocation("ny-clients", List.of("10.2.0.0/16"), new GeoLocation(40.8, -73.9))));
    private static final List<String> NAMES = List.of("rr.example.com", "wrr.example.com", "fixed.example.com",
            "near.example.com", "last.example.com", "big.example.com", "example.com", "missing.example.com",
            "other.test", "test", "elsewhere.org");
    private static final List<Integer> TYPES = List.of(Type.A, Type.AAAA, Type.ANY, Type.SOA, Type.MX);
    private static final List<String> SOURCES = List.of("10.1.0.5", "10.2.0.7", "127.0.0.1", "2001:db8:1::5");
    private static final List<String> SUBNETS = List.of("10.1.2.0/24", "10.2.3.0/24", "10.1.0.0/16", "10.3.0.0/16",
            "0.0.0.0/0", "2001:db8:1::/56", "10.2.3.4/32");

    /** One step: a query, or a cluster going down or coming back up. */
    private sealed interface Step permits Ask, Flip {
    }

    private record Ask(String name, int type, int id, boolean recursionDesired, int opcode, int payload, int version,
                       String subnet, String source, boolean udp) implements Step {
    }

    private record Flip(String cluster) implements Step {
    }

    private final Set<String> down = new HashSet<>();
    private final GeoZones zones = GeoZones.of(FQDNS, CLUSTERS, LOCATIONS,
            c -> down.contains(c.name()) ? Optional.empty() : Optional.of(c.address()));

    @Property(tries = 300)
    void keptAnswersAreTheBytesOfAnswersEncodedAnew(@ForAll("steps") List<Step> steps) throws Exception {
        down.clear();
        DnsStats keptStats = new DnsStats();
        DnsStats freshStats = new DnsStats();
        DnsStats fewStats = new DnsStats();
        GeoDnsResponder kept = new GeoDnsResponder(() -> zones, keptStats);
        GeoDnsResponder fresh = new GeoDnsResponder(() -> zones, freshStats, 0);
        // Room for two answers: the cache empties itself again and again.
        GeoDnsResponder few = new GeoDnsResponder(() -> zones, fewStats, 2);

        for (Step step : steps) {
            if (step instanceof Flip flip && !down.remove(flip.cluster())) {
                down.add(flip.cluster());
            } else if (step instanceof Ask ask) {
                byte[] query = query(ask);
                byte[] expected = fresh.respond(query, ask.udp(), ask.source()).orElseThrow();

                assertThat(kept.respond(query, ask.udp(), ask.source())).as("%s", ask).hasValue(expected);
                assertThat(few.respond(query, ask.udp(), ask.source())).as("%s", ask).hasValue(expected);
            }
        }
        for (DnsStats.Result result : DnsStats.Result.values()) {
            assertThat(keptStats.count(result)).isEqualTo(freshStats.count(result)).isEqualTo(fewStats.count(result));
        }
        assertThat(keptStats.truncated()).isEqualTo(freshStats.truncated()).isEqualTo(fewStats.truncated());
    }

    @Example
    void aKeptAnswerCarriesTheIdAndLetterCaseOfEachQuery() throws Exception {
        GeoDnsResponder responder = new GeoDnsResponder(() -> zones, new DnsStats());
        responder.respond(query(new Ask("fixed.example.com", Type.A, 1, true, Opcode.QUERY, 0, 0, null, "127.0.0.1",
                true)), true, "127.0.0.1");

        Message answer = new Message(responder.respond(query(new Ask("FiXeD.Example.COM", Type.A, 4242, true,
                Opcode.QUERY, 0, 0, null, "127.0.0.1", true)), true, "127.0.0.1").orElseThrow());

        assertThat(answer.getHeader().getID()).isEqualTo(4242);
        assertThat(answer.getQuestion().getName().toString()).isEqualTo("FiXeD.Example.COM.");
        assertThat(answer.getSection(Section.ANSWER)).singleElement().hasToString("FiXeD.Example.COM.\t10\tIN\tA\t10.0.0.2");
    }

    @Example
    void roundRobinTurnsOnWhenTheAnswersAreKept() throws Exception {
        GeoDnsResponder responder = new GeoDnsResponder(() -> zones, new DnsStats());
        Ask ask = new Ask("rr.example.com", Type.A, 7, false, Opcode.QUERY, 0, 0, null, "127.0.0.1", true);

        List<String> answered = IntStream.range(0, 6).mapToObj(i -> {
            try {
                return new Message(responder.respond(query(ask), true, "127.0.0.1").orElseThrow())
                        .getSection(Section.ANSWER).get(0).rdataToString();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();

        assertThat(answered).containsExactly("10.0.0.1", "10.0.0.2", "192.0.2.9", "10.0.0.1", "10.0.0.2", "192.0.2.9");
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> names = Arbitraries.of(NAMES).flatMap(n -> Arbitraries.of(true, false).list()
                .ofSize(n.length()).map(upper -> mixedCase(n, upper)));
        Arbitrary<Ask> asks = Combinators.combine(names, Arbitraries.of(TYPES), Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.of(true, false), Arbitraries.of(Opcode.QUERY, Opcode.QUERY, Opcode.QUERY, Opcode.STATUS),
                Arbitraries.of(0, 0, 512, 1232, 4096, 700), Arbitraries.of(0, 0, 0, 1),
                Arbitraries.of(SUBNETS).injectNull(0.5)).flatAs((name, type, id, rd, opcode, payload, version, subnet) ->
                        Combinators.combine(Arbitraries.of(SOURCES), Arbitraries.of(true, false)).as((source, udp) ->
                                new Ask(name, type, id, rd, opcode, payload, version, subnet, source, udp)));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, asks),
                Tuple.of(1, Arbitraries.of(CLUSTER_NAMES).map(Flip::new)));
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    private static String mixedCase(String name, List<Boolean> upper) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            out.append(upper.get(i) ? Character.toUpperCase(name.charAt(i)) : name.charAt(i));
        }
        return out.toString();
    }

    /** A query as a resolver sends it; payload 0 means without EDNS. */
    private static byte[] query(Ask ask) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(ask.name() + "."), ask.type(), DClass.IN));
        query.getHeader().setID(ask.id());
        if (!ask.recursionDesired()) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        query.getHeader().setOpcode(ask.opcode());
        if (ask.payload() > 0) {
            List<EDNSOption> options = ask.subnet() == null ? List.of() : List.of(subnet(ask.subnet()));
            query.addRecord(new OPTRecord(ask.payload(), 0, ask.version(), 0, options), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static ClientSubnetOption subnet(String prefix) throws Exception {
        String[] parts = prefix.split("/");
        return new ClientSubnetOption(Integer.parseInt(parts[1]), InetAddress.getByName(parts[0]));
    }

    private static GeoFqdn fqdn(String name, GeoFqdn.Selection selection, String lastResort, String... targets) {
        List<GeoMapping> mappings = IntStream.range(0, targets.length)
                .mapToObj(i -> new GeoMapping(targets[i], 1 + i % 2, null)).toList();
        return new GeoFqdn(name.toLowerCase(Locale.ROOT), selection, null, mappings, lastResort);
    }
}
