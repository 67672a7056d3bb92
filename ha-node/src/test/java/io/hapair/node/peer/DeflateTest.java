package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeflateTest {

    /** A settings batch as a resync sends it: many documents alike but for their names and ports. */
    static byte[] batch(int documents) {
        StringBuilder json = new StringBuilder("{\"docs\":[");
        for (int i = 0; i < documents; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\":\"virtual-service\",\"name\":\"vs-").append(i)
                    .append("\",\"body\":{\"address\":\"10.8.0.1\",\"port\":").append(20_000 + i)
                    .append(",\"protocol\":\"tcp\",\"realServers\":[{\"address\":\"10.9.0.1\",\"port\":80}]}}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSettingsBatchShrinksAndInflatesBackToItsExactBytes() throws Exception {
        byte[] body = batch(500);

        byte[] deflated = Deflate.deflate(body);

        assertThat(deflated.length).as("deflated from %d bytes", body.length).isLessThan(body.length / 5);
        assertThat(Deflate.inflate(deflated, body.length, body.length)).isEqualTo(body);
    }

    @Test
    void aBodyThatInflatesToMoreOrLessThanItsHeaderSaysIsRefused() {
        byte[] body = batch(50);
        byte[] deflated = Deflate.deflate(body);

        assertThatThrownBy(() -> Deflate.inflate(deflated, body.length - 1, body.length))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("more than the " + (body.length - 1));
        assertThatThrownBy(() -> Deflate.inflate(deflated, body.length + 1, body.length + 1))
                .isInstanceOf(PeerProtocolException.class)
                .hasMessageContaining("inflates to " + body.length + " bytes, not the " + (body.length + 1));
        assertThatThrownBy(() -> Deflate.inflate(Arrays.copyOf(deflated, deflated.length / 2), body.length, body.length))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("ends before");
    }

    @Test
    void aLengthAboveTheLimitIsRefusedBeforeAnythingIsInflated() {
        assertThatThrownBy(() -> Deflate.inflate(Deflate.deflate(new byte[10]), Integer.MAX_VALUE, 16 << 20))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("outside 0..16777216");
        assertThatThrownBy(() -> Deflate.inflate(Deflate.deflate(new byte[10]), -1, 16 << 20))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("outside");
    }

    @Test
    void bytesThatAreNotZlibDataOrCarryDataAfterItAreRefused() {
        byte[] body = batch(5);
        byte[] deflated = Deflate.deflate(body);
        byte[] trailing = Arrays.copyOf(deflated, deflated.length + 3);

        assertThatThrownBy(() -> Deflate.inflate(body, body.length, body.length))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("not valid zlib data");
        assertThatThrownBy(() -> Deflate.inflate(trailing, body.length, body.length))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("3 bytes after its end");
    }
}
