package io.hapair.node.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Whatever bytes arrive, the parser path neither throws nor answers a packet it cannot read. */
class GeoDnsResponderProperties {

    private static final GeoZones ZONES = GeoZones.of(
            List.of(new GeoFqdn("www.example.com", null, null, List.of(new GeoMapping("10.0.0.1", null, null)), null)),
            Map.of(), ClientLocations.of(List.of()), c -> Optional.of(c.address()));
    private final GeoDnsResponder responder = new GeoDnsResponder(() -> ZONES, new DnsStats());

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnException(@ForAll("packets") byte[] packet, @ForAll boolean udp) {
        Optional<byte[]> answer = responder.respond(packet, udp, "127.0.0.1");

        answer.ifPresent(bytes -> assertThat(bytes.length).isGreaterThanOrEqualTo(12));
    }

    @Property(tries = 2000)
    void aValidQueryWithFlippedBytesNeverEscapesAsAnException(@ForAll("flips") List<Integer> flips) throws Exception {
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, 1)).toWire();
        for (int flip : flips) {
            query[flip % query.length] ^= (byte) (flip >>> 8);
        }

        responder.respond(query, true, "127.0.0.1");
    }

    @Provide
    Arbitrary<byte[]> packets() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<List<Integer>> flips() {
        return Arbitraries.integers().between(0, 0xFFFF).list().ofMinSize(1).ofMaxSize(4);
    }
}
