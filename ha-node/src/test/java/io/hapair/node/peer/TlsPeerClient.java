package io.hapair.node.peer;

import io.hapair.node.TrustAllTls;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.buffer.Buffer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A hand-driven TLS connection to a link's peer port from a chosen source address: raw bytes, frames,
 * or the client side of the real handshake, after which it can seal valid frames. What an attacker
 * (or a partner gone wrong) could send, byte for byte.
 */
final class TlsPeerClient implements AutoCloseable {

    private static final int TIMEOUT_MS = 10_000;
    private static final SSLContext TRUST_ALL = TrustAllTls.context();

    private final SSLSocket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    // The link accepted our offer of bodies as bytes (RawFrame) in its welcome.
    private boolean rawBodies;
    // The link accepted our offer of deflated large bodies (Deflate) in its welcome.
    private boolean deflatedBodies;

    private TlsPeerClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    static TlsPeerClient connect(String from, String host, int port) throws IOException {
        Socket raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.bind(new InetSocketAddress(from, 0));
        raw.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        SSLSocket tls = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(raw, host, port, true);
        tls.setSoTimeout(TIMEOUT_MS);
        tls.startHandshake();
        return new TlsPeerClient(tls);
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes more than the link reads before it refuses: the link closes at the first bad frame, so a
     * write that fails midway (broken pipe, reset) is the expected end, found by {@link #closedByPeerWithin}.
     */
    void writeFlood(byte[] bytes) {
        try {
            writeRaw(bytes);
        } catch (IOException closedMidway) {
            // the link refused and closed before the last byte: what the caller then checks
        }
    }

    void writeFrame(byte[] payload) throws IOException {
        writeRaw(FrameReader.frame(payload).getBytes());
    }

    void writeEnvelope(Envelope e) throws IOException {
        writeFrame(PeerJson.MAPPER.writeValueAsBytes(e));
    }

    Envelope readEnvelope() throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return PeerJson.MAPPER.readValue(payload, Envelope.class);
    }

    /**
     * The client side of the real handshake, proving {@code secret} (and {@code previousSecret} if not
     * null, as a node does); returns the session for sealing frames to the link.
     */
    Session handshake(String secret, String previousSecret) throws IOException, PeerProtocolException {
        return handshake(secret, previousSecret, false);
    }

    /**
     * The handshake as a node of this version makes it ({@code offerRawBodies}: later frames carry their
     * bodies as bytes if the link accepts), or as one of an earlier version (envelopes only).
     */
    Session handshake(String secret, String previousSecret, boolean offerRawBodies)
            throws IOException, PeerProtocolException {
        return handshake(secret, previousSecret, offerRawBodies, false);
    }

    /** The same, also offering to deflate large bodies ({@code offerDeflate}), as a node of this version does. */
    Session handshake(String secret, String previousSecret, boolean offerRawBodies, boolean offerDeflate)
            throws IOException, PeerProtocolException {
        Handshake.Client client = new Handshake.Client(secret, previousSecret);
        var hello = PeerJson.MAPPER.createObjectNode().put("nonce", client.clientNonce());
        if (offerRawBodies) {
            hello.put("bodies", RawFrame.OFFER);
        }
        if (offerDeflate) {
            hello.put("compression", Deflate.OFFER);
        }
        writeHandshake("hello", hello.toString());
        Envelope challenge = expect("challenge");
        byte[] fingerprint = NodeCertificate.fingerprintOf(socket.getSession().getPeerCertificates()[0]);
        var auth = PeerJson.MAPPER.createObjectNode()
                .put("proof", client.proveTo(PeerJson.MAPPER.readTree(challenge.body()).path("nonce").asText(), fingerprint));
        if (client.previousProof() != null) {
            auth.put("previousProof", client.previousProof());
        }
        writeHandshake("auth", auth.toString());
        var welcome = PeerJson.MAPPER.readTree(expect("welcome").body());
        rawBodies = RawFrame.OFFER.equals(welcome.path("bodies").asText());
        deflatedBodies = Deflate.OFFER.equals(welcome.path("compression").asText());
        return client.verifyWelcome(welcome.path("proof").asText());
    }

    /** Whether the link accepted bodies as bytes in its welcome. */
    boolean rawBodies() {
        return rawBodies;
    }

    /** Whether the link accepted deflated large bodies in its welcome. */
    boolean deflatedBodies() {
        return deflatedBodies;
    }

    /** A frame's payload (without its length) sealed with {@code session} as the handshake agreed. */
    byte[] sealed(Session session, String type, String body) throws IOException {
        if (!rawBodies) {
            return PeerJson.MAPPER.writeValueAsBytes(session.seal(type, body));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Buffer frame = (deflatedBodies ? session.sealDeflated(type, bytes) : session.sealRaw(type, bytes))
                .frame(PeerJson.MAPPER);
        return frame.getBytes(4, frame.length());
    }

    void writeSealed(Session session, String type, String body) throws IOException {
        writeFrame(sealed(session, type, body));
    }

    private void writeHandshake(String type, String body) throws IOException {
        writeEnvelope(new Envelope(Envelope.PROTOCOL_VERSION, type, 0, body, null));
    }

    private Envelope expect(String type) throws IOException, PeerProtocolException {
        Envelope e = readEnvelope();
        if (!type.equals(e.type())) {
            throw new PeerProtocolException("expected " + type + ", the link answered " + e.type() + " " + e.body());
        }
        return e;
    }

    /** Reads until the link closes the connection; false if it is still open after {@code timeout}. */
    boolean closedByPeerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream stream = socket.getInputStream();
        byte[] buffer = new byte[4096];
        socket.setSoTimeout(50);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (stream.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: keep reading until the deadline
                } catch (IOException e) {
                    return true; // reset or TLS alert: closed all the same
                }
            }
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(TIMEOUT_MS);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
