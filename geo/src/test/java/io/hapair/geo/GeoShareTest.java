package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.GeoCluster.Type;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeoShareTest {

    private static final String SENDER = "172.24.1.5";
    private static final String RECEIVER = "172.24.1.9";

    static Stream<Arguments> clusters() {
        return Stream.of(
                Arguments.of("the sender's own site becomes a remote unit", SENDER, Type.LOCAL, Type.REMOTE),
                Arguments.of("the receiver's site, remote to the sender, is local here", RECEIVER, Type.REMOTE, Type.LOCAL),
                Arguments.of("the receiver's address is local whatever the sender called it", RECEIVER, Type.DEFAULT,
                        Type.LOCAL),
                Arguments.of("a third unit stays remote", "172.24.1.7", Type.REMOTE, Type.REMOTE),
                Arguments.of("a health-checked site stays default", "198.51.100.20", Type.DEFAULT, Type.DEFAULT),
                Arguments.of("an address that only starts like the receiver's is not it", "172.24.1.90", Type.REMOTE,
                        Type.REMOTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void theReceiverStoresTheClusterWithTheTypeSeenFromItself(String why, String address, Type sent, Type stored) {
        GeoCluster cluster = new GeoCluster("site", address, sent, new GeoLocation(52.4, 4.9));

        GeoCluster atReceiver = GeoShare.atReceiver(cluster, RECEIVER);

        assertThat(atReceiver).isEqualTo(new GeoCluster("site", address, stored, new GeoLocation(52.4, 4.9)));
    }

    @Test
    void theReceiverAddressMatchesInAnySpelling() {
        GeoCluster cluster = new GeoCluster("site", "fd00::9", Type.REMOTE, null);

        assertThat(GeoShare.atReceiver(cluster, "FD00:0:0::0009").type()).isEqualTo(Type.LOCAL);
    }

    /** Two units and a cluster that the sender describes consistently: local exactly when it is the sender. */
    record Trip(IpAddress sender, IpAddress receiver, GeoCluster cluster) {
    }

    @Property
    void thereAndBackGivesTheSendersCluster(@ForAll("trips") Trip trip) {
        GeoCluster there = GeoShare.atReceiver(trip.cluster(), trip.receiver().toString());

        assertThat(GeoShare.atReceiver(there, trip.sender().toString())).isEqualTo(trip.cluster());
    }

    @Property
    void aClusterIsLocalAtTheReceiverExactlyWhenItIsTheReceiver(@ForAll("trips") Trip trip) {
        GeoCluster there = GeoShare.atReceiver(trip.cluster(), trip.receiver().toString());

        boolean isReceiver = IpAddress.parse(there.address()).orElseThrow().equals(trip.receiver());
        assertThat(there.type() == Type.LOCAL).isEqualTo(isReceiver);
        assertThat(there.address()).isEqualTo(trip.cluster().address());
    }

    @Provide
    Arbitrary<Trip> trips() {
        return Combinators.combine(Addresses.any(), Addresses.any(), Addresses.any(), Arbitraries.integers().between(0, 2),
                Arbitraries.of(Type.REMOTE, Type.DEFAULT))
                .filter((sender, receiver, other, pick, otherType) -> !sender.address().equals(receiver.address())
                        && !other.address().equals(sender.address()) && !other.address().equals(receiver.address()))
                .as((sender, receiver, other, pick, otherType) -> {
                    List<Addresses.Spellings> choices = List.of(sender, receiver, other);
                    Addresses.Spellings site = choices.get(pick);
                    Type type = site == sender ? Type.LOCAL : site == receiver ? Type.REMOTE : otherType;
                    return new Trip(sender.address(), receiver.address(),
                            new GeoCluster("site", site.texts().get(0), type, null));
                });
    }
}
