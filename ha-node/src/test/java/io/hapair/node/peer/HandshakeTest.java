package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final String SECRET = "the-pair-secret-0123";
    private static final byte[] CERT = PeerCrypto.nonce();

    private record Pair(Session client, Session server) {
    }

    private static Pair handshake(String clientSecret, String serverSecret, byte[] certSeenByClient) throws Exception {
        Handshake.Client client = new Handshake.Client(clientSecret);
        Handshake.Server server = new Handshake.Server(serverSecret, CERT);
        String challenge = server.challenge(client.clientNonce());
        String proof = client.proveTo(challenge, certSeenByClient);
        String welcome = server.verify(proof);
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
        Handshake.Server impostor = new Handshake.Server("wrong-secret-000000", CERT);
        client.proveTo(impostor.challenge(client.clientNonce()), CERT);
        Handshake.Server real = new Handshake.Server(SECRET, CERT);
        real.challenge(client.clientNonce());

        assertThatThrownBy(() -> client.verifyWelcome(real.verify("AAAA")))
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
                .hasMessageContaining("not base64");
    }

    @Test
    void shortOrMalformedNoncesAreRefused() {
        Handshake.Server server = new Handshake.Server(SECRET, CERT);

        assertThatThrownBy(() -> server.challenge("AAAA")).hasMessageContaining("too short");
        assertThatThrownBy(() -> server.challenge("%%%")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> server.verify("AAAA")).hasMessageContaining("auth before hello");
    }
}
