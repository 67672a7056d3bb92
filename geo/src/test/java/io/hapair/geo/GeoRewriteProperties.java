package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class GeoRewriteProperties {

    /** Two nodes and GEO documents whose targets are drawn from their addresses, near misses and names. */
    record Trip(IpAddress sender, IpAddress receiver, GeoFqdn fqdn, GeoCluster cluster) {

        GeoRewrite there() {
            return GeoRewrite.atReceiver(sender, receiver);
        }

        List<String> targets() {
            return targetsOf(fqdn, cluster);
        }

        String families() {
            return sender.isIpv6() == receiver.isIpv6() ? (sender.isIpv6() ? "IPv6" : "IPv4") : "mixed";
        }

        String nodesNamed() {
            boolean s = targets().stream().anyMatch(t -> is(t, sender));
            boolean r = targets().stream().anyMatch(t -> is(t, receiver));
            return s && r ? "both" : s ? "sender only" : r ? "receiver only" : "neither";
        }
    }

    @Property
    void thereAndBackGivesTheOriginalFqdn(@ForAll("trips") Trip trip) {
        Statistics.label("nodes named").collect(trip.nodesNamed())
                .coverage(c -> Stream.of("both", "sender only", "receiver only", "neither")
                        .forEach(kind -> c.check(kind).percentage(p -> p >= 5.0)));
        Statistics.label("families").collect(trip.families())
                .coverage(c -> Stream.of("IPv4", "IPv6", "mixed").forEach(f -> c.check(f).percentage(p -> p >= 5.0)));

        GeoRewrite there = trip.there();

        assertThat(there.reversed().apply(there.apply(trip.fqdn()))).isEqualTo(trip.fqdn());
    }

    @Property
    void thereAndBackGivesTheOriginalCluster(@ForAll("trips") Trip trip) {
        GeoRewrite there = trip.there();

        assertThat(there.reversed().apply(there.apply(trip.cluster()))).isEqualTo(trip.cluster());
    }

    @Property
    void theTwoNodesSwapAndEveryOtherTargetIsUntouched(@ForAll("trips") Trip trip) {
        List<String> after = targetsOf(trip.there().apply(trip.fqdn()), trip.there().apply(trip.cluster()));

        List<String> before = trip.targets();
        for (int i = 0; i < before.size(); i++) {
            String was = before.get(i);
            String expected = is(was, trip.sender()) ? trip.receiver().toString()
                    : is(was, trip.receiver()) ? trip.sender().toString()
                    : was;
            assertThat(after.get(i)).as("target %d, was %s", i, was).isEqualTo(expected);
        }
    }

    @Property
    void everythingButTheTargetsIsKept(@ForAll("trips") Trip trip) {
        GeoFqdn fqdn = trip.there().apply(trip.fqdn());

        assertThat(fqdn.fqdn()).isEqualTo(trip.fqdn().fqdn());
        assertThat(fqdn.selection()).isEqualTo(trip.fqdn().selection());
        assertThat(fqdn.ttlSeconds()).isEqualTo(trip.fqdn().ttlSeconds());
        assertThat(fqdn.mappings().stream().map(m -> List.of(m.weight(), m.enabled())).toList())
                .isEqualTo(trip.fqdn().mappings().stream().map(m -> List.of(m.weight(), m.enabled())).toList());
        GeoCluster cluster = trip.there().apply(trip.cluster());
        assertThat(List.of(cluster.name(), cluster.type(), cluster.location()))
                .isEqualTo(List.of(trip.cluster().name(), trip.cluster().type(), trip.cluster().location()));
    }

    /** Where a generated target comes from; the spelling and address fields are used by some kinds only. */
    enum Source { SENDER, RECEIVER, NEAR_MISS, OTHER_ADDRESS, CLUSTER_NAME }

    record Pick(Source source, int spelling, String otherAddress, String clusterName) {

        String target(Addresses.Spellings sender, Addresses.Spellings receiver, List<String> nearMisses) {
            return switch (source) {
                case SENDER -> sender.texts().get(spelling % sender.texts().size());
                case RECEIVER -> receiver.texts().get(spelling % receiver.texts().size());
                case NEAR_MISS -> nearMisses.isEmpty() ? otherAddress : nearMisses.get(spelling % nearMisses.size());
                case OTHER_ADDRESS -> otherAddress;
                case CLUSTER_NAME -> clusterName;
            };
        }
    }

    record MappingPick(Pick target, int weight, boolean enabled) {
    }

    /** The receiver: any address (6 in 10), one whose text starts with the sender's (3), the sender itself (1). */
    enum ReceiverKind { ANY, NEAR_MISS, SAME }

    @Provide
    Arbitrary<Trip> trips() {
        Arbitrary<Pick> pick = Combinators.combine(
                Arbitraries.frequency(Tuple.of(2, Source.SENDER), Tuple.of(2, Source.RECEIVER),
                        Tuple.of(2, Source.NEAR_MISS), Tuple.of(3, Source.OTHER_ADDRESS), Tuple.of(1, Source.CLUSTER_NAME)),
                Arbitraries.integers().between(0, 3),
                Addresses.any().map(a -> a.texts().get(0)),
                Arbitraries.of("eu-west", "us-east-2", "lb.example.com")).as(Pick::new);
        Arbitrary<MappingPick> mapping = Combinators.combine(pick, Arbitraries.integers().between(0, 100),
                Arbitraries.of(true, false)).as(MappingPick::new);
        Arbitrary<ReceiverKind> receiverKind = Arbitraries.frequency(
                Tuple.of(6, ReceiverKind.ANY), Tuple.of(3, ReceiverKind.NEAR_MISS), Tuple.of(1, ReceiverKind.SAME));
        return Combinators.combine(Addresses.any(), receiverKind, Addresses.any(), mapping.list().ofMaxSize(6),
                pick.injectNull(0.2), pick, Arbitraries.of(GeoFqdn.Selection.class), Arbitraries.of(GeoCluster.Type.class))
                .as((sender, kind, anyReceiver, mappings, lastResort, clusterAddress, selection, type) -> {
                    Addresses.Spellings receiver = receiver(sender, kind, anyReceiver);
                    List<String> nearMisses = Stream.concat(Addresses.textualExtensions(sender.address()).stream(),
                                    Addresses.textualExtensions(receiver.address()).stream())
                            .map(a -> a.texts().get(0)).toList();
                    GeoFqdn fqdn = new GeoFqdn("www.example.com", selection, 30, mappings.stream()
                            .map(m -> new GeoMapping(m.target().target(sender, receiver, nearMisses), m.weight(),
                                    m.enabled()))
                            .toList(),
                            lastResort == null ? null : lastResort.target(sender, receiver, nearMisses));
                    GeoCluster cluster = new GeoCluster("site", clusterAddress.target(sender, receiver, nearMisses),
                            type, new GeoLocation(52.5, 13.4));
                    return new Trip(sender.address(), receiver.address(), fqdn, cluster);
                });
    }

    private static Addresses.Spellings receiver(Addresses.Spellings sender, ReceiverKind kind,
                                                Addresses.Spellings anyReceiver) {
        List<Addresses.Spellings> near = Addresses.textualExtensions(sender.address());
        return switch (kind) {
            case ANY -> anyReceiver;
            case NEAR_MISS -> near.isEmpty() ? anyReceiver : near.get(Math.floorMod(anyReceiver.hashCode(), near.size()));
            case SAME -> sender;
        };
    }

    private static List<String> targetsOf(GeoFqdn fqdn, GeoCluster cluster) {
        List<String> all = new ArrayList<>(fqdn.mappings().stream().map(GeoMapping::target).toList());
        all.add(fqdn.lastResort());
        all.add(cluster.address());
        return all;
    }

    private static boolean is(String target, IpAddress node) {
        Optional<IpAddress> address = IpAddress.parse(target);
        return address.isPresent() && address.get().equals(node);
    }
}
