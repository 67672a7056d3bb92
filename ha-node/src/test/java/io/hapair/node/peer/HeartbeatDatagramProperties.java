package io.hapair.node.peer;

import static io.hapair.node.peer.HeartbeatDatagramTest.PAYLOAD;
import static io.hapair.node.peer.HeartbeatDatagramTest.inboxWith;
import static io.hapair.node.peer.HeartbeatDatagramTest.key;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class HeartbeatDatagramProperties {

    // Every bit of a datagram with the 15-byte test payload: header, payload and MAC alike.
    @Property(tries = 300)
    void anySingleFlippedBitIsRefused(@ForAll @IntRange(min = 0, max = 8 * (17 + 15 + 32) - 1) int bit) {
        DatagramKey k = key("s1");
        byte[] datagram = HeartbeatDatagram.seal(k, 1, PAYLOAD);
        datagram[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThatThrownBy(() -> inboxWith(k).open(datagram)).isInstanceOf(PeerProtocolException.class);
    }
}
