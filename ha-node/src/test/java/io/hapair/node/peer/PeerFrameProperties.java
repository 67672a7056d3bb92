package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.node.TestPorts;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.PreferredServer;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.core.ConditionFactory;

/**
 * Whatever the other end of an authenticated peer connection sends, the link neither throws nor lets
 * an invalid frame change anything: arbitrary bytes, mutated valid frames and wrong lengths close the
 * connection with one refusal; frames with a valid MAC but an unreadable body are refused alone (see
 * {@link PartnerInbox}) and the connection keeps working. Both framings: bodies as bytes after a header
 * ({@link RawFrame}, between nodes of this version) and bodies inside the envelope (a partner of an
 * earlier version, which does not offer the former).
 */
class PeerFrameProperties {

    private static final String LINK = "127.0.31.1";
    private static final String PARTNER = "127.0.31.2";
    private static final String SECRET = "fuzzed-pair-secret-0001";
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    // What a valid frame is, said here rather than borrowed from the link: one JSON document, nothing after it.
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static Path dir;
    private static Vertx vertx;
    private static PeerLink link;
    private static int port;
    private static final List<Heartbeat> HEARTBEATS = new CopyOnWriteArrayList<>();
    private static final List<String> MESSAGES = new CopyOnWriteArrayList<>();
    private static final List<Throwable> UNCAUGHT = new CopyOnWriteArrayList<>();
    // The link refuses heartbeats from an older incarnation than it has seen; every try sends a newer one.
    private static final AtomicLong INCARNATION = new AtomicLong();

    @BeforeContainer
    static void startLink() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(UNCAUGHT::add);
        dir = Files.createTempDirectory("peer-frame-properties");
        NodeCertificate cert = NodeCertificate.ensure(null, null, dir, LINK, List.of(LINK));
        port = TestPorts.free(LINK);
        // The partner's own peer port has nobody listening: only the test's connections reach the link.
        link = new PeerLink(vertx, new PeerLink.Endpoints(LINK, port, PARTNER, TestPorts.free(PARTNER)), SECRET, cert,
                AnyPartnerCertificate.INSTANCE, new PeerTransport.Listener() {
                    @Override
                    public void heartbeat(Heartbeat heartbeat) {
                        HEARTBEATS.add(heartbeat);
                    }

                    @Override
                    public void message(String type, String body) {
                        MESSAGES.add(type);
                    }

                    @Override
                    public void handshakePending(boolean pending) {
                    }

                    @Override
                    public void connected() {
                    }

                    @Override
                    public void linkLost(String cause) {
                    }

                    @Override
                    public void partnerGone(String cause) {
                    }
                });
        link.start().await(10, TimeUnit.SECONDS);
    }

    @AfterContainer
    static void stopLink() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** What follows a valid handshake: bytes made from the valid next frame's JSON. */
    sealed interface Attack {
        byte[] stream(byte[] validJson);
    }

    /** Any bytes; an in-range length they declare but do not deliver is made up with zeros, as a sender would. */
    record RawBytes(byte[] bytes) implements Attack {
        @Override
        public byte[] stream(byte[] validJson) {
            int declared = ByteBuffer.wrap(bytes).getInt();
            boolean incomplete = declared >= 1 && declared <= PeerLink.MAX_FRAME && 4 + declared > bytes.length;
            return incomplete ? Arrays.copyOf(bytes, 4 + declared) : bytes;
        }

        @Override
        public String toString() {
            return "RawBytes[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    record ArbitraryFrame(byte[] payload) implements Attack {
        @Override
        public byte[] stream(byte[] validJson) {
            return FrameReader.frame(payload).getBytes();
        }

        @Override
        public String toString() {
            return "ArbitraryFrame[" + HexFormat.of().formatHex(payload) + "]";
        }
    }

    /** One byte of the valid frame replaced, inserted or deleted. */
    record Mutated(int kind, int position, byte value) implements Attack {
        @Override
        public byte[] stream(byte[] validJson) {
            int at = position % validJson.length;
            ByteBuffer out = ByteBuffer.allocate(validJson.length + 1);
            out.put(validJson, 0, at);
            switch (kind) {
                case 0 -> out.put(value == validJson[at] ? (byte) (value + 1) : value).put(validJson, at + 1, validJson.length - at - 1);
                case 1 -> out.put(value).put(validJson, at, validJson.length - at);
                default -> out.put(validJson, at + 1, validJson.length - at - 1);
            }
            return FrameReader.frame(Arrays.copyOf(out.array(), out.position())).getBytes();
        }
    }

    /** The valid frame under a length that is off by {@code delta}; a longer one is filled from {@code filler}. */
    record WrongLength(int delta, byte[] filler) implements Attack {
        @Override
        public byte[] stream(byte[] validJson) {
            int declared = Math.max(1, validJson.length + delta);
            ByteBuffer out = ByteBuffer.allocate(4 + Math.max(declared, validJson.length));
            out.putInt(declared).put(validJson);
            for (int i = 0; out.hasRemaining(); i++) {
                out.put(filler[i % filler.length]);
            }
            return out.array();
        }

        @Override
        public String toString() {
            return "WrongLength[delta=" + delta + ", filler=" + HexFormat.of().formatHex(filler) + "]";
        }
    }

    record OutOfRangeLength(int length) implements Attack {
        @Override
        public byte[] stream(byte[] validJson) {
            return ByteBuffer.allocate(4 + validJson.length).putInt(length).put(validJson).array();
        }
    }

    @Property(tries = 200)
    void anyFrameButAValidOneClosesTheConnectionWithOneRefusalAndChangesNothing(@ForAll("attacks") Attack attack,
                                                                               @ForAll boolean raw) throws Exception {
        long refusedBefore = link.stats().refused();
        int heartbeatsBefore = HEARTBEATS.size();
        int messagesBefore = MESSAGES.size();
        try (TlsPeerClient partner = TlsPeerClient.connect(PARTNER, LINK, port)) {
            Session session = partner.handshake(SECRET, null, raw);
            assertThat(partner.rawBodies()).as("link accepted bodies as bytes").isEqualTo(raw);
            byte[] valid = partner.sealed(session, "heartbeat", heartbeatBody());
            byte[] stream = attack.stream(valid);

            if (firstFrameMeans(stream, valid, raw)) {
                // A harmless change of spelling (a space between JSON tokens): the very same frame.
                partner.writeRaw(stream);
                awaitQuickly().until(() -> HEARTBEATS.size() == heartbeatsBefore + 1);
                assertThat(link.stats().refused()).isEqualTo(refusedBefore);
            } else {
                writeUntilClosed(partner, stream);
                assertThat(partner.closedByPeerWithin(CLOSE_WITHIN)).as("link closed the connection").isTrue();
                assertThat(link.stats().refused()).isEqualTo(refusedBefore + 1);
                assertThat(HEARTBEATS).hasSize(heartbeatsBefore);
            }
        }
        assertThat(MESSAGES).hasSize(messagesBefore);
        assertThat(UNCAUGHT).isEmpty();
    }

    // Such a frame leaves the connection up, so tries share one as long as they use the same framing.
    private TlsPeerClient steady;
    private Session steadySession;

    @AfterProperty
    void closeSteadyConnection() throws IOException {
        if (steady != null) {
            steady.close();
        }
    }

    @Property(tries = 200)
    void authenticatedButUnreadableFrameIsRefusedAloneAndTheConnectionKeepsWorking(
            @ForAll("types") String type, @ForAll("unreadableBodies") String body, @ForAll boolean raw) throws Exception {
        if (steady == null || steady.rawBodies() != raw) {
            // The new connection replaces the old one at the link, which closes it: close ours only after.
            TlsPeerClient replaced = steady;
            steady = TlsPeerClient.connect(PARTNER, LINK, port);
            steadySession = steady.handshake(SECRET, null, raw);
            if (replaced != null) {
                replaced.close();
            }
        }
        long refusedBefore = link.stats().refused();
        int heartbeatsBefore = HEARTBEATS.size();
        int messagesBefore = MESSAGES.size();
        boolean messageForTheListener = !"heartbeat".equals(type) && isJsonObject(body);

        steady.writeSealed(steadySession, type, body);
        steady.writeSealed(steadySession, "heartbeat", heartbeatBody());

        awaitQuickly().until(() -> HEARTBEATS.size() == heartbeatsBefore + 1);
        // A JSON object under another type than heartbeat is a message whose meaning is the listener's call.
        assertThat(MESSAGES).hasSize(messagesBefore + (messageForTheListener ? 1 : 0));
        assertThat(link.stats().refused()).isEqualTo(refusedBefore + (messageForTheListener ? 0 : 1));
        assertThat(UNCAUGHT).isEmpty();
    }

    @Provide
    Arbitrary<Attack> attacks() {
        var bytes = Arbitraries.bytes().array(byte[].class);
        return Arbitraries.oneOf(
                bytes.ofMinSize(4).ofMaxSize(2048).map(RawBytes::new),
                bytes.ofMinSize(1).ofMaxSize(2048).map(ArbitraryFrame::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.bytes()).as(Mutated::new),
                Combinators.combine(Arbitraries.oneOf(Arbitraries.integers().between(-400, -1),
                        Arbitraries.integers().between(1, 64)), bytes.ofMinSize(1).ofMaxSize(64)).as(WrongLength::new),
                Arbitraries.oneOf(Arbitraries.of(0, -1, Integer.MIN_VALUE, PeerLink.MAX_FRAME + 1, Integer.MAX_VALUE),
                        Arbitraries.integers().lessOrEqual(0), Arbitraries.integers().greaterOrEqual(PeerLink.MAX_FRAME + 1))
                        .map(OutOfRangeLength::new));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.of("heartbeat", "sync-push", "sync-index"),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20));
    }

    /** Never a complete heartbeat; JSON objects among them are fine as other messages. */
    @Provide
    Arbitrary<String> unreadableBodies() {
        return Arbitraries.oneOf(
                // Up to the surrogates, which JSON can carry only in pairs.
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(200),
                Arbitraries.of("", "{", "}", "[]", "null", "1", "\"x\"", "{} {}", "{\"a\":1}x", "{\"report\":null}",
                        "{\"incarnation\":\"x\"}", "{\"report\":{\"nodeName\":\"b\"},\"incarnation\":1}", "{}",
                        "[".repeat(5000), "{\"a\":".repeat(3000)));
    }

    /** Polls often: hundreds of tries each wait for one frame on loopback. */
    private static ConditionFactory awaitQuickly() {
        return await().atMost(CLOSE_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    private static String heartbeatBody() throws IOException {
        return PeerJson.MAPPER.writeValueAsString(new Heartbeat(new PartnerReport("b", HaMode.SLAVE,
                PreferredServer.PREFER_MASTER, Activity.STANDBY, true, 0, 0, false, false, false, "1.0", 8444, false, 0),
                INCARNATION.incrementAndGet(), System.currentTimeMillis(), -1, 0));
    }

    /** Whether the stream's first frame decodes, as strictly as the link decodes it, to exactly the {@code valid} payload. */
    private static boolean firstFrameMeans(byte[] stream, byte[] valid, boolean raw) {
        int declared = ByteBuffer.wrap(stream).getInt();
        if (declared < 1 || declared > PeerLink.MAX_FRAME || stream.length < 4 + declared) {
            return false;
        }
        byte[] first = Arrays.copyOfRange(stream, 4, 4 + declared);
        try {
            return raw ? rawFrameOf(valid).equals(rawFrameOf(first))
                    : STRICT.readValue(valid, Envelope.class).equals(STRICT.readValue(first, Envelope.class));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A frame with its body as bytes: the header read strictly, then the body's bytes as they are. */
    private static List<Object> rawFrameOf(byte[] payload) throws IOException {
        int headerLength = ByteBuffer.wrap(payload).getInt();
        if (headerLength < 1 || headerLength > payload.length - 4) {
            throw new IOException("header length " + headerLength + " outside the frame");
        }
        return List.of(STRICT.readValue(Arrays.copyOfRange(payload, 4, 4 + headerLength), RawFrame.Header.class),
                ByteBuffer.wrap(Arrays.copyOfRange(payload, 4 + headerLength, payload.length)));
    }

    private static boolean isJsonObject(String body) {
        try {
            JsonNode node = STRICT.readTree(body);
            return node != null && node.isObject();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The link may close the connection before a long stream is written; that is what is expected of it. */
    private static void writeUntilClosed(TlsPeerClient partner, byte[] stream) {
        try {
            partner.writeRaw(stream);
        } catch (IOException closedMidway) {
            // the check that follows sees the closed connection
        }
    }
}
