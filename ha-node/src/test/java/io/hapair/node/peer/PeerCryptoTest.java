package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The MAC of the peer link: HMAC-SHA256 over length-prefixed parts, the same on every thread and for every key. */
class PeerCryptoTest {

    @Test
    void theMacIsHmacSha256OfEachPartPrefixedWithItsLength() throws Exception {
        byte[] key = "a key".getBytes(StandardCharsets.UTF_8);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        jdk.update(new byte[] {0, 0, 0, 2});
        jdk.update("ab".getBytes(StandardCharsets.UTF_8));
        jdk.update(new byte[] {0, 0, 0, 0});

        assertThat(PeerCrypto.hmac(key, PeerCrypto.utf8("ab"), new byte[0])).isEqualTo(jdk.doFinal());
    }

    @Test
    void eachMacUsesOnlyItsOwnKeyWhateverThisThreadComputedBefore() throws Exception {
        byte[] first = PeerCrypto.hmac(PeerCrypto.utf8("key one"), PeerCrypto.utf8("body"));
        byte[] second = PeerCrypto.hmac(PeerCrypto.utf8("key two"), PeerCrypto.utf8("body"));
        byte[] firstAgain = PeerCrypto.hmac(PeerCrypto.utf8("key one"), PeerCrypto.utf8("body"));
        byte[] onAnotherThread = CompletableFuture.supplyAsync(() -> PeerCrypto.hmac(PeerCrypto.utf8("key one"),
                PeerCrypto.utf8("body"))).get();

        assertThat(second).isNotEqualTo(first);
        assertThat(HexFormat.of().formatHex(firstAgain)).isEqualTo(HexFormat.of().formatHex(first))
                .isEqualTo(HexFormat.of().formatHex(onAnotherThread));
    }
}
