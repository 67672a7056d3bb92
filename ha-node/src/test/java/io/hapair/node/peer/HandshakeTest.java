package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeTest {

    private static final String SECRET = "the-pair-secret-0123";
    private static final byte[] CERT = PeerCrypto.nonce();

    private record Pair(Session client, Session server) {
    }

    private static Pair handshake(String clientSecret, String serverSecret, byte[] certSeenByClient) throws Exception {
        return handshake(clientSecret, null, serverSecret, null, certSeenByClient);
    }

    /** The whole exchange as {@code PeerLink} runs it, each side with a current and an optional previous secret. */
    private static Pair handshake(String clientSecret, String clientPrevious, String serverSecret, String serverPrevious,
                                  byte[] certSeenByClient) throws Exception {
        Handshake.Client client = new Handshake.Client(clientSecret, clientPrevious);
        Handshake.Server server = new Handshake.Server(serverSecret, serverPrevious, CERT);
        String challenge = server.challenge(client.clientNonce());
        String proof = client.proveTo(challenge, certSeenByClient);
        String welcome = server.verify(proof, client.previousProof());
        return new Pair(client.verifyWelcome(welcome), server.session());
    }

    @Test
    void nodesWithTheSameSecretExchangeFramesBothWays() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);

        assertThat(p.server().open(p.client().seal("heartbeat", "{\"a\":1}"))).isEqualTo("{\"a\":1}");
        assertThat(p.client().open(p.server().seal("heartbeat", "{\"b\":2}"))).isEqualTo("{\"b\":2}");
    }

    @Test
    void clientWithTheWrongSecretIsRefusedBeforeTheServerProvesAnything() {
        assertThatThrownBy(() -> handshake("wrong-secret-000000", SECRET, CERT))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("wrong pairing secret");
    }

    @Test
    void serverWithTheWrongSecretCannotWinTheClientsTrust() throws Exception {
        Handshake.Client client = new Handshake.Client(SECRET);
        Handshake.Server impostor = new Handshake.Server("wrong-secret-000000", null, CERT);
        client.proveTo(impostor.challenge(client.clientNonce()), CERT);
        Handshake.Server real = new Handshake.Server(SECRET, null, CERT);
        real.challenge(client.clientNonce());

        assertThatThrownBy(() -> client.verifyWelcome(real.verify("AAAA", null)))
                .isInstanceOf(PeerProtocolException.class);
    }

    @Test
    void manInTheMiddleWithItsOwnCertificateFailsTheProof() {
        byte[] middlemansCert = PeerCrypto.nonce();

        assertThatThrownBy(() -> handshake(SECRET, SECRET, middlemansCert))
                .hasMessageContaining("wrong pairing secret");
    }

    @Test
    void replayedFrameIsRefused() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);
        Envelope frame = p.client().seal("heartbeat", "{}");
        p.server().open(frame);

        assertThatThrownBy(() -> p.server().open(frame)).hasMessageContaining("replayed or reordered");
    }

    @Test
    void frameFromAnEarlierSessionDoesNotVerify() throws Exception {
        Envelope old = handshake(SECRET, SECRET, CERT).client().seal("heartbeat", "{}");
        Pair fresh = handshake(SECRET, SECRET, CERT);

        assertThatThrownBy(() -> fresh.server().open(old)).hasMessageContaining("bad MAC");
    }

    @Test
    void frameReflectedBackAtItsSenderIsRefused() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);

        assertThatThrownBy(() -> p.client().open(p.client().seal("heartbeat", "{}"))).hasMessageContaining("bad MAC");
    }

    @Test
    void tamperedBodyOrTypeIsRefused() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);
        Envelope e = p.client().seal("heartbeat", "{\"activity\":\"STANDBY\"}");

        assertThatThrownBy(() -> p.server().open(new Envelope(e.v(), e.type(), e.seq(), "{\"activity\":\"ACTIVE\"}", e.mac())))
                .hasMessageContaining("bad MAC");
        assertThatThrownBy(() -> p.server().open(new Envelope(e.v(), "settings", e.seq(), e.body(), e.mac())))
                .hasMessageContaining("bad MAC");
        assertThatThrownBy(() -> p.server().open(new Envelope(e.v(), e.type(), e.seq(), e.body(), "not base64!")))
                .hasMessageContaining("bad MAC");
    }

    @Test
    void largeBodiesCrossDeflatedAndSmallOnesAsTheyAre() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);
        byte[] batch = DeflateTest.batch(500);
        byte[] small = "{\"ack\":7}".getBytes(StandardCharsets.UTF_8);

        RawFrame large = p.client().sealDeflated("sync-push", batch);
        RawFrame plain = p.client().sealDeflated("sync-ack", small);

        assertThat(large.header().inflated()).isEqualTo(batch.length);
        assertThat(large.body().length).isLessThan(batch.length / 5);
        assertThat(p.server().open(large, batch.length)).isEqualTo(new String(batch, StandardCharsets.UTF_8));
        assertThat(plain.header().inflated()).isNull();
        assertThat(plain.body()).isEqualTo(small);
        assertThat(p.server().open(plain, batch.length)).isEqualTo("{\"ack\":7}");
    }

    @Test
    void aDeflatedFrameIsRefusedWhenItsLengthWasChangedOrDroppedOrItInflatesBeyondTheLimit() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);
        byte[] batch = DeflateTest.batch(500);
        RawFrame f = p.client().sealDeflated("sync-push", batch);
        RawFrame.Header h = f.header();

        assertThatThrownBy(() -> p.server().open(new RawFrame(new RawFrame.Header(h.v(), h.type(), h.seq(), h.mac(),
                batch.length + 1), f.body()), Integer.MAX_VALUE)).hasMessageContaining("bad MAC");
        assertThatThrownBy(() -> p.server().open(new RawFrame(new RawFrame.Header(h.v(), h.type(), h.seq(), h.mac(),
                null), f.body()), Integer.MAX_VALUE)).hasMessageContaining("bad MAC");
        assertThatThrownBy(() -> p.server().open(f, batch.length - 1))
                .hasMessageContaining("deflated body of " + batch.length + " bytes outside 0.." + (batch.length - 1));
    }

    @Test
    void macSpelledWithOtherUnusedLowBitsIsRefused() throws Exception {
        Pair p = handshake(SECRET, SECRET, CERT);
        Envelope e = p.client().seal("heartbeat", "{}");
        // 32 bytes take 43 base64 characters and leave 2 bits over, which the JDK decoder ignores.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int last = alphabet.indexOf(e.mac().charAt(42));
        String sameBytes = e.mac().substring(0, 42) + alphabet.charAt(last ^ 1) + "=";
        assertThat(Base64.getDecoder().decode(sameBytes)).isEqualTo(Base64.getDecoder().decode(e.mac()));

        assertThatThrownBy(() -> p.server().open(new Envelope(e.v(), e.type(), e.seq(), e.body(), sameBytes)))
                .hasMessageContaining("bad MAC");
    }

    static Stream<Arguments> secretsSharedDuringARotation() {
        String oldSecret = SECRET;
        String newSecret = "the-new-pair-secret-4567";
        return Stream.of(
                Arguments.of("client rotated, server not yet", newSecret, oldSecret, oldSecret, null),
                Arguments.of("server rotated, client not yet", oldSecret, null, newSecret, oldSecret),
                Arguments.of("both rotated, previous still set", newSecret, oldSecret, newSecret, oldSecret),
                Arguments.of("client rotated and done, server keeps the previous", newSecret, null, newSecret, oldSecret),
                Arguments.of("neither rotated", oldSecret, null, oldSecret, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretsSharedDuringARotation")
    void nodesSharingOneSecretDuringARotationKeyTheSessionAlike(String name, String clientSecret, String clientPrevious,
                                                                String serverSecret, String serverPrevious) throws Exception {
        Pair p = handshake(clientSecret, clientPrevious, serverSecret, serverPrevious, CERT);

        assertThat(p.server().open(p.client().seal("heartbeat", "{\"a\":1}"))).isEqualTo("{\"a\":1}");
        assertThat(p.client().open(p.server().seal("heartbeat", "{\"b\":2}"))).isEqualTo("{\"b\":2}");
    }

    @Test
    void clientWithNeitherTheSecretNorThePreviousOneIsRefused() {
        assertThatThrownBy(() -> handshake("wrong-secret-000000", "older-wrong-secret-00", SECRET, "the-old-secret-00000", CERT))
                .isInstanceOf(PeerProtocolException.class)
                .hasMessageContaining("wrong pairing secret").hasMessageContaining("pairing-secret-previous");
    }

    @Test
    void serverHoldingOnlyTheClientsPreviousSecretIsTrustedOnlyThroughThatSecret() throws Exception {
        Handshake.Client client = new Handshake.Client("the-new-pair-secret-4567", SECRET);
        Handshake.Server server = new Handshake.Server(SECRET, null, CERT);
        String proof = client.proveTo(server.challenge(client.clientNonce()), CERT);

        assertThatThrownBy(() -> server.verify(proof, null)).hasMessageContaining("wrong pairing secret");
        String welcome = server.verify(proof, client.previousProof());
        assertThat(client.verifyWelcome(welcome)).isNotNull();
    }

    @Test
    void sessionBeforeTheClientProvedTheSecretIsRefused() throws Exception {
        Handshake.Server server = new Handshake.Server(SECRET, null, CERT);
        server.challenge(new Handshake.Client(SECRET).clientNonce());

        assertThatThrownBy(server::session).hasMessageContaining("before the client proved");
    }

    @Test
    void shortOrMalformedNoncesAreRefused() {
        Handshake.Server server = new Handshake.Server(SECRET, null, CERT);

        assertThatThrownBy(() -> server.challenge("AAAA")).hasMessageContaining("too short");
        assertThatThrownBy(() -> server.challenge("%%%")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> server.verify("AAAA", null)).hasMessageContaining("auth before hello");
    }
}
