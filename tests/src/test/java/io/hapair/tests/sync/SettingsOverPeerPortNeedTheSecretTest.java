package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.peer.Envelope;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RawPeerClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client on port 6973 without the pairing secret, even from the partner's own address, can neither
 * read settings (digest, want) nor write them (push): it is refused and gets no document.
 */
class SettingsOverPeerPortNeedTheSecretTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(34);
    static NodePair pair;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
        assertThat(SettingsApi.of(pair.master()).create(VS, SettingsApi.virtualService("secret-service", 80)).code())
                .isEqualTo(201);
    }

    @Test
    void aWrongSecretGetsNoSettings() throws IOException {
        List<String> received = new ArrayList<>();
        try (RawPeerClient client = tlsFromPartner()) {
            Envelope answer = client.handshake(NodeOptions.WRONG_SECRET);
            received.add(answer.type() + " " + answer.body());
            // Ask anyway, as if the handshake had passed; the node may have closed already (broken pipe).
            try {
                client.writeEnvelope(Envelope.PROTOCOL_VERSION, "sync-want",
                        JSON.createObjectNode().set("keys", JSON.createArrayNode().add(VS + "/secret-service")));
            } catch (IOException closed) {
                received.add("closed: " + closed.getMessage());
            }
            received.addAll(readUntilClosed(client));
        }
        assertThat(received.get(0)).doesNotStartWith("welcome");
        assertThat(String.join("\n", received)).doesNotContain("secret-service")
                .doesNotContain(Fixtures.SILENT_ADDRESS);
    }

    @Test
    void syncMessagesBeforeAuthenticationAreRefusedAndStoreNothing() throws IOException {
        List<String> received;
        try (RawPeerClient client = tlsFromPartner()) {
            client.writeEnvelope(Envelope.PROTOCOL_VERSION, "sync-digest", JSON.createObjectNode()
                    .set("sender", JSON.createObjectNode().put("software", "x").put("schema", 1)));
            received = readUntilClosed(client);
        }
        try (RawPeerClient client = tlsFromPartner()) {
            client.writeEnvelope(Envelope.PROTOCOL_VERSION, "sync-push", push("planted-service"));
            received.addAll(readUntilClosed(client));
        }
        assertThat(String.join("\n", received)).doesNotContain("secret-service");
        assertThat(SettingsApi.of(pair.master()).ids(VS)).containsExactly("secret-service");
    }

    private static RawPeerClient tlsFromPartner() throws IOException {
        return RawPeerClient.tls(pair.slave().address(), pair.master().address(), pair.master().options().peerPort());
    }

    /** Frames until the node closes the connection (it must, within the handshake timeout and then some). */
    private static List<String> readUntilClosed(RawPeerClient client) throws IOException {
        List<String> frames = new ArrayList<>();
        long deadline = System.nanoTime() + Patience.SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Envelope e = client.readEnvelope();
                frames.add(e.type() + " " + e.body());
            } catch (java.net.SocketTimeoutException stillOpen) {
                // not closed yet: keep reading until the deadline
            } catch (IOException closed) {
                return frames;
            }
        }
        throw new AssertionError("the node kept an unauthenticated connection open; it sent " + frames);
    }

    private static ObjectNode push(String name) {
        ObjectNode push = JSON.createObjectNode().put("pushId", 1).put("sentAt", System.currentTimeMillis());
        push.putObject("sender").put("software", "x").put("schema", 1);
        ObjectNode doc = push.putArray("docs").addObject().put("type", VS).put("id", name)
                .put("body", SettingsApi.virtualService(name, 90));
        doc.putObject("version").put("origin", "intruder").put("wall", System.currentTimeMillis());
        return push;
    }
}
