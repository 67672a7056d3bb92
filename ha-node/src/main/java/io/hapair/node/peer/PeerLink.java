package io.hapair.node.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.tls.NodeCertificate;
import io.hapair.node.tls.ServerTlsEngine;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer link on 6973: TLS for privacy, the pair's secret for authentication. Each node connects
 * to its partner (outgoing: carries our messages) and accepts the partner's connection (incoming:
 * carries its messages), so each direction fails and recovers on its own. Anything that is not the
 * configured partner proving the secret is refused, logged and counted, and never reaches the
 * state machine; so is a partner presenting another certificate than the one trusted ({@link PartnerCertificates}).
 * A connection is refused at its first bad frame (malformed, oversized, failing the
 * handshake, bad MAC or sequence) and closed: one log line and one count per connection, however
 * much it sends. Runs on the event loop of the verticle that starts it.
 *
 * <p>Heartbeats travel as UDP datagrams on the same port ({@link HeartbeatDatagrams}), keyed from the
 * TLS sessions. Keys outlive their connection, so a TLS link that stalls or reconnects under loss does
 * not stop the heartbeats. A copy of each heartbeat also goes on the TLS link, for networks that block
 * the port's UDP and for a partner of an earlier version; the partner's {@link PartnerInbox} keeps it
 * from overwriting newer news.
 *
 * <p>When our authenticated outgoing connection closes (or the incoming one, while we have no
 * outgoing one), the partner is dialled again at once; if its port refuses (connection refused: its host is up but nothing listens), its process is gone and the
 * listener hears {@link PeerTransport.Listener#partnerGone} without waiting for heartbeat timeouts.
 */
public final class PeerLink implements PeerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    // Handshake frames are tiny; a large frame before authentication is an attack or garbage.
    private static final int MAX_HANDSHAKE_FRAME = 4 * 1024;
    // Authenticated frames may carry settings batches (sync) later.
    static final int MAX_FRAME = 16 * 1024 * 1024;
    // An unauthenticated connection gets this long to prove the secret, then it is closed.
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    private static final long RECONNECT_MIN_MS = 100;
    private static final int MAX_REMEMBERED_SOURCES = 256;
    private static final long RECONNECT_MAX_MS = 1_000;

    /**
     * Where to listen and whom to reach: {@code partnerAddress}, or what {@code partnerName} (a DNS name, or
     * null) resolves to at each reconnect.
     */
    public record Endpoints(String bindAddress, int port, String partnerAddress, int partnerPort, String partnerName) {

        /** A partner given by its address. */
        public Endpoints(String bindAddress, int port, String partnerAddress, int partnerPort) {
            this(bindAddress, port, partnerAddress, partnerPort, null);
        }
    }

    private final Vertx vertx;
    private final Endpoints endpoints;
    private final String secret;
    private final String previousSecret;
    private final NodeCertificate certificate;
    private final PartnerCertificates partnerCertificates;
    private final Listener listener;
    private final ObjectMapper json = PeerJson.MAPPER;
    private final PeerStats stats = new PeerStats();
    private final PartnerInbox inbox;
    private final PartnerAddress partner;
    // A name that does not resolve is tried at each reconnect, up to once a second: one line per minute.
    private final RateLimitedLog resolveFailures = new RateLimitedLog(LOG, 60_000, System::nanoTime);
    // A scanner or a flood of bad connections costs a counter each (status, /metrics), not a log line each.
    private final RateLimitedLog handshakeFailures = new RateLimitedLog(LOG, 10_000, System::nanoTime);
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000, System::nanoTime);
    // The first refusal of each address is logged whatever the rate: who was refused is what an operator looks for.
    private final Set<String> refusedSources = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED_SOURCES;
        }
    });
    private final HeartbeatDatagrams datagrams;

    private NetServer server;
    private NetClient client;
    // Our authenticated outgoing connection just closed: a refused redial means the partner's process is gone.
    private String closedCause;
    // The partner's process is gone: nothing more is heard until a new incoming session authenticates.
    private boolean deaf;
    private NetSocket outgoing;
    private Session outgoingSession;
    // The partner accepted bodies as bytes on our outgoing connection (RawFrame); else envelopes.
    private boolean outgoingRaw;
    private NetSocket incoming;
    private long reconnectDelay = RECONNECT_MIN_MS;
    private boolean stopped;
    private int handshakes;
    private boolean lastPending;
    private long reconnectTimer = -1;
    private boolean dialing;
    private NetSocket dialSocket;

    public PeerLink(Vertx vertx, Endpoints endpoints, String secret, NodeCertificate certificate,
                    PartnerCertificates partnerCertificates, Listener listener) {
        this(vertx, endpoints, secret, null, certificate, partnerCertificates, listener);
    }

    /**
     * {@code previousSecret} (may be null) is the pair's secret before a rotation: accepted from the
     * partner and offered to it besides {@code secret}, so the link stays up while only one node has
     * the new secret. {@code partnerCertificates} decides which certificate the partner may present.
     */
    public PeerLink(Vertx vertx, Endpoints endpoints, String secret, String previousSecret, NodeCertificate certificate,
                    PartnerCertificates partnerCertificates, Listener listener) {
        this.vertx = vertx;
        this.endpoints = endpoints;
        this.secret = secret;
        this.previousSecret = previousSecret;
        this.certificate = certificate;
        this.partnerCertificates = partnerCertificates;
        this.listener = listener;
        this.inbox = new PartnerInbox(listener, stats, endpoints.partnerAddress());
        this.partner = new PartnerAddress(endpoints.partnerName(), endpoints.partnerAddress());
        stats.partnerAddress = partner.toString();
        this.datagrams = new HeartbeatDatagrams(vertx, endpoints, partner, stats, inbox);
    }

    @Override
    public PeerStats stats() {
        return stats;
    }

    @Override
    public Future<Void> start() {
        stopped = false;
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setCertPath(certificate.certPath().toString()).setKeyPath(certificate.keyPath().toString());
        // The partner presents its certificate on its connection to us too, for the pin (partnerCertificates):
        // TLS takes any certificate, self-signed as they are; REQUEST, not REQUIRE, lets a partner of an
        // earlier version (which presents none) reach the pin's rules instead of failing the TLS handshake.
        server = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(keyCert)
                .setClientAuth(ClientAuth.REQUEST).setTrustOptions(TrustOptions.wrap(InsecureTrustManagerFactory.INSTANCE))
                .setSslEngineOptions(new ServerTlsEngine())
                .setHost(endpoints.bindAddress()).setPort(endpoints.port()).setTcpNoDelay(true));
        server.connectHandler(this::accept);
        // A connection that fails TLS itself (plain bytes, a scanner) never reaches accept(); count it too.
        server.exceptionHandler(e -> {
            stats.refused.incrementAndGet();
            stats.lastRefusal = "connection that failed the TLS handshake: " + e.getMessage();
            handshakeFailures.warn("peer: refused a connection that failed the TLS handshake: {}", e.getMessage());
        });
        // The partner's certificate is self-signed and so cannot be verified by a CA; identity comes
        // from the secret and the pin, and the handshake binds to the certificate the partner presented.
        client = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true).setKeyCertOptions(keyCert)
                .setHostnameVerificationAlgorithm("").setLocalAddress(endpoints.bindAddress())
                .setConnectTimeout(2_000).setTcpNoDelay(true));
        return datagrams.listen().compose(v -> server.listen()
                .recover(e -> Future.failedFuture(new IOException("cannot listen for the partner on "
                        + endpoints.bindAddress() + ":" + endpoints.port() + ": " + e.getMessage()
                        + "; check primary-address and peer-port", e))))
                .<Void>mapEmpty().onSuccess(v -> connect());
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
        dialing = false;
        dialSocket = null;
        Future<Void> s = server == null ? Future.succeededFuture() : server.close();
        Future<Void> c = client == null ? Future.succeededFuture() : client.close();
        return Future.all(s, c, datagrams.close()).mapEmpty();
    }

    /**
     * Sends a heartbeat as a datagram once an outgoing session has given us its key, and on the
     * outgoing connection while that is up; without either it is dropped.
     */
    @Override
    public void sendHeartbeat(Heartbeat heartbeat) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(heartbeat);
        } catch (IOException e) {
            LOG.error("peer: cannot encode heartbeat", e);
            return;
        }
        datagrams.send(body);
        send("heartbeat", new String(body, StandardCharsets.UTF_8));
    }

    /** Sends a message on the outgoing connection; returns false when the link is not up (nothing sent). */
    @Override
    public boolean send(String type, String body) {
        if (outgoing == null || outgoingSession == null) {
            return false;
        }
        byte[] bytes = PeerCrypto.utf8(body);
        stats.bodyBytesSent.addAndGet(bytes.length);
        if (outgoingRaw) {
            try {
                RawFrame sealed = stats.outgoingDeflates ? outgoingSession.sealDeflated(type, bytes)
                        : outgoingSession.sealRaw(type, bytes);
                Buffer frame = sealed.frame(json);
                stats.bytesSent.addAndGet(frame.length());
                outgoing.write(frame);
            } catch (IOException ex) {
                LOG.error("peer: cannot encode {} frame", type, ex);
            }
        } else {
            stats.bytesSent.addAndGet(write(outgoing, outgoingSession.seal(type, body)));
        }
        return true;
    }

    /** True when our outgoing connection is authenticated, so messages can be sent. */
    @Override
    public boolean canSend() {
        return outgoing != null && outgoingSession != null;
    }

    /**
     * Dials the partner unless an attempt is under way or the link is up: one outgoing connection at a time; a
     * partner given by name is resolved first.
     */
    private void connect() {
        if (stopped || dialing || outgoing != null) {
            return;
        }
        dialing = true;
        // Resolved before the handshake counts as pending: a slow name server must not hold off the partner's death.
        resolvePartner().onComplete(address -> dial(address.result()));
    }

    private void dial(String address) {
        if (stopped) {
            dialing = false;
            return;
        }
        handshakeStarted();
        String afterClose = closedCause;
        closedCause = null;
        client.connect(endpoints.partnerPort(), address).onComplete(ar -> {
            if (ar.failed()) {
                dialing = false;
                handshakeEnded();
                if (afterClose != null && !stopped && refused(ar.cause())) {
                    partnerGone(afterClose + ", and the partner's peer port refused the reconnect ("
                            + ar.cause().getMessage() + ")");
                }
                retryLater();
                return;
            }
            NetSocket socket = ar.result();
            dialSocket = socket;
            Runnable endHandshake = once(this::handshakeEnded);
            Handshake.Client handshake = new Handshake.Client(secret, previousSecret);
            FrameReader[] reader = new FrameReader[1];
            reader[0] = new FrameReader(MAX_HANDSHAKE_FRAME, frame -> onClientFrame(socket, handshake, reader[0], frame, endHandshake),
                    error -> refuse(socket, reader[0], "partner " + partner.dial(), error));
            socket.handler(reader[0]);
            long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, t -> {
                if (socket != outgoing) {
                    refuse(socket, reader[0], "partner " + partner.dial(), "no authenticated answer within "
                            + HANDSHAKE_TIMEOUT_MS + " ms");
                }
            });
            socket.closeHandler(v -> {
                vertx.cancelTimer(timer);
                endHandshake.run();
                if (socket == dialSocket) {
                    dialSocket = null;
                    dialing = false;
                    retryLater();
                } else if (socket == outgoing) {
                    outgoing = null;
                    outgoingSession = null;
                    outgoingRaw = false;
                    stats.outgoingDeflates = false;
                    stats.outgoingUp = false;
                    reportPending();
                    // Dial again at once: whether the port still accepts tells a lost link from a dead process.
                    closedCause = "our connection to partner " + partner.dial() + " closed";
                    reconnectDelay = RECONNECT_MIN_MS;
                    connect();
                }
            });
            Optional<String> untrusted = partnerCertificates.refusal(partnerCertificate(socket), false);
            // Before our proof of the secret goes to a server that is not the partner.
            if (untrusted.isPresent()) {
                // Closed before hello: the partner's side sees a connection that never spoke, not a protocol error.
                reader[0].stop();
                count(partner.dial(), "partner " + partner.dial(), untrusted.get());
                socket.close();
                return;
            }
            writeHandshake(socket, "hello", json.createObjectNode().put("nonce", handshake.clientNonce())
                    .put("bodies", RawFrame.OFFER).put("compression", Deflate.OFFER));
        });
    }

    /**
     * The address to dial: a partner given by name is resolved again first (the JVM's resolver, off the event
     * loop), so that a partner that moved is found; when the name does not resolve, the last address is dialled.
     */
    private Future<String> resolvePartner() {
        String name = partner.name();
        if (name == null) {
            return Future.succeededFuture(partner.dial());
        }
        return vertx.executeBlocking(() -> Arrays.stream(InetAddress.getAllByName(name))
                        .map(InetAddress::getHostAddress).toList(), false)
                .map(addresses -> {
                    String before = partner.toString();
                    if (partner.resolved(addresses)) {
                        stats.partnerAddress = partner.toString();
                        LOG.warn("peer: partner {} now resolves to {} (was {})", name, partner, before);
                    }
                    return partner.dial();
                })
                .otherwise(e -> {
                    resolveFailures.warn("peer: cannot resolve partner {} ({}); dialling its last address {}", name,
                            e.getMessage(), partner.dial());
                    return partner.dial();
                });
    }

    /** A connection's handshake ends once, whether by success, refusal or close. */
    private static Runnable once(Runnable action) {
        boolean[] done = {false};
        return () -> {
            if (!done[0]) {
                done[0] = true;
                action.run();
            }
        };
    }

    private void handshakeStarted() {
        handshakes++;
        reportPending();
    }

    private void handshakeEnded() {
        handshakes--;
        reportPending();
    }

    /**
     * The partner counts as "being heard from soon" while a connection is being set up, and while
     * our outgoing connection is up but its incoming one is not yet: it is alive, only slower.
     */
    private void reportPending() {
        boolean pending = handshakes > 0 || (outgoing != null && incoming == null);
        if (pending != lastPending) {
            lastPending = pending;
            listener.handshakePending(pending);
        }
    }

    private void retryLater() {
        if (stopped || reconnectTimer >= 0) {
            return;
        }
        long delay = reconnectDelay;
        reconnectDelay = Math.min(RECONNECT_MAX_MS, reconnectDelay * 2);
        reconnectTimer = vertx.setTimer(delay, t -> {
            reconnectTimer = -1;
            connect();
        });
    }

    /** The partner just connected to us, so it is up: dial back now instead of waiting out the backoff. */
    private void connectNowIfDown() {
        if (outgoing == null && reconnectTimer >= 0 && vertx.cancelTimer(reconnectTimer)) {
            reconnectTimer = -1;
            reconnectDelay = RECONNECT_MIN_MS;
            connect();
        }
    }

    private void onClientFrame(NetSocket socket, Handshake.Client handshake, FrameReader reader, Buffer frame,
                               Runnable endHandshake) {
        String who = "partner " + partner.dial();
        try {
            Envelope e = decode(frame);
            if (outgoing == socket) {
                outgoingSession.open(e);
                return;
            }
            JsonNode body = json.readTree(e.body());
            switch (e.type()) {
                case "challenge":
                    byte[] fingerprint = NodeCertificate.fingerprintOf(socket.peerCertificates().get(0));
                    ObjectNode auth = json.createObjectNode()
                            .put("proof", handshake.proveTo(body.path("nonce").asText(), fingerprint));
                    if (handshake.previousProof() != null) {
                        auth.put("previousProof", handshake.previousProof());
                    }
                    writeHandshake(socket, "auth", auth);
                    break;
                case "welcome":
                    outgoingSession = handshake.verifyWelcome(body.path("proof").asText());
                    partnerCertificates.authenticated(partnerCertificate(socket), false);
                    outgoingRaw = RawFrame.OFFER.equals(body.path("bodies").asText());
                    // Read by send, as the other outgoing state is: the partner inflates large bodies (Deflate).
                    stats.outgoingDeflates = outgoingRaw && Deflate.OFFER.equals(body.path("compression").asText());
                    datagrams.sendWith(outgoingSession);
                    outgoing = socket;
                    dialSocket = null;
                    dialing = false;
                    reader.maxFrame(MAX_FRAME);
                    reconnectDelay = RECONNECT_MIN_MS;
                    stats.outgoingUp = true;
                    endHandshake.run();
                    reportPending();
                    stats.authenticated.incrementAndGet();
                    LOG.info("peer: connected to {} (authenticated)", who);
                    listener.connected();
                    break;
                case "refused":
                    LOG.warn("peer: {} refused our connection: {}", who, body.path("reason").asText());
                    reader.stop();
                    socket.close();
                    break;
                default:
                    throw new PeerProtocolException("unexpected " + e.type() + " during handshake");
            }
        } catch (PeerProtocolException | IOException | RuntimeException ex) {
            refuse(socket, reader, who, PeerJson.reason(ex));
        }
    }

    private void accept(NetSocket socket) {
        String source = socket.remoteAddress().hostAddress();
        String who = "peer connection from " + source + ":" + socket.remoteAddress().port();
        if (!partner.accepts(source)) {
            refuse(socket, null, who, "not the configured partner " + partner);
            return;
        }
        Handshake.Server handshake = new Handshake.Server(secret, previousSecret, certificate.fingerprint());
        Session[] session = new Session[1];
        // Whether the partner offered bodies as bytes in hello (and so gets them accepted in welcome), and deflated.
        boolean[] raw = {false, false};
        handshakeStarted();
        Runnable endHandshake = once(this::handshakeEnded);
        FrameReader[] reader = new FrameReader[1];
        reader[0] = new FrameReader(MAX_HANDSHAKE_FRAME, frame -> {
            String type;
            long seq;
            String verified;
            try {
                if (session[0] == null) {
                    session[0] = onHandshakeFrame(socket, handshake, decode(frame), raw);
                    if (session[0] != null) {
                        datagrams.receiveWith(session[0]);
                        reader[0].maxFrame(MAX_FRAME);
                        accepted(socket);
                        endHandshake.run();
                    }
                    return;
                }
                if (raw[0]) {
                    RawFrame f = RawFrame.decode(json, frame);
                    verified = session[0].open(f, MAX_FRAME);
                    type = f.header().type();
                    seq = f.header().seq();
                } else {
                    Envelope e = decode(frame);
                    verified = session[0].open(e);
                    type = e.type();
                    seq = e.seq();
                }
            } catch (PeerProtocolException | IOException | RuntimeException ex) {
                refuse(socket, reader[0], who, PeerJson.reason(ex));
                return;
            }
            // A connection replaced by a newer one, or of a partner whose process is gone, says nothing more.
            if (socket != incoming || deaf) {
                return;
            }
            // Outside the try: the listener failing is our own bug, not a reason to refuse the partner.
            inbox.deliver(type, seq, verified);
        }, error -> refuse(socket, reader[0], who, error));
        socket.handler(reader[0]);
        long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, t -> {
            if (session[0] == null) {
                refuse(socket, reader[0], who, "did not authenticate within " + HANDSHAKE_TIMEOUT_MS + " ms");
            }
        });
        socket.closeHandler(v -> {
            vertx.cancelTimer(timer);
            endHandshake.run();
            if (socket == incoming) {
                incoming = null;
                stats.incomingUp = false;
                reportPending();
                if (!stopped) {
                    String cause = "incoming peer connection from " + source + " closed";
                    listener.linkLost(cause);
                    dialAfterIncomingClosed(cause);
                }
            }
        });
    }

    /**
     * Answers hello with a challenge, and auth with a welcome; returns the session once the client proved the
     * secret. A hello offering bodies as bytes sets {@code raw}, and the welcome accepts them.
     */
    private Session onHandshakeFrame(NetSocket socket, Handshake.Server handshake, Envelope e, boolean[] raw)
            throws PeerProtocolException, IOException {
        JsonNode body = json.readTree(e.body());
        switch (e.type()) {
            case "hello":
                raw[0] = RawFrame.OFFER.equals(body.path("bodies").asText());
                raw[1] = raw[0] && Deflate.OFFER.equals(body.path("compression").asText());
                writeHandshake(socket, "challenge",
                        json.createObjectNode().put("nonce", handshake.challenge(body.path("nonce").asText())));
                return null;
            case "auth":
                JsonNode previousProof = body.path("previousProof");
                String proof = handshake.verify(body.path("proof").asText(),
                        previousProof.isMissingNode() ? null : previousProof.asText());
                // Only a partner proving the secret gets this far: anything else was refused for what it sent.
                Certificate presented = partnerCertificate(socket);
                Optional<String> untrusted = partnerCertificates.refusal(presented, true);
                if (untrusted.isPresent()) {
                    throw new PeerProtocolException(untrusted.get());
                }
                partnerCertificates.authenticated(presented, true);
                ObjectNode welcome = json.createObjectNode().put("proof", proof);
                if (raw[0]) {
                    welcome.put("bodies", RawFrame.OFFER);
                }
                if (raw[1]) {
                    welcome.put("compression", Deflate.OFFER);
                }
                writeHandshake(socket, "welcome", welcome);
                return handshake.session();
            default:
                throw new PeerProtocolException("unexpected " + e.type() + " before authentication");
        }
    }

    /** The partner's connection authenticated: it replaces any earlier one. */
    private void accepted(NetSocket socket) {
        if (incoming != null && incoming != socket) {
            incoming.close();
        }
        incoming = socket;
        deaf = false;
        stats.incomingUp = true;
        reportPending();
        connectNowIfDown();
        stats.authenticated.incrementAndGet();
        LOG.info("peer: accepted partner {} (authenticated)", socket.remoteAddress().hostAddress());
    }

    /**
     * Without an outgoing connection, the incoming one was all we had of the partner: dial now, as
     * after our own connection closed, to learn whether its port still accepts.
     */
    private void dialAfterIncomingClosed(String cause) {
        if (outgoing != null || dialing || deaf) {
            return;
        }
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
        closedCause = cause;
        reconnectDelay = RECONNECT_MIN_MS;
        connect();
    }

    /** The certificate the other end presented in the TLS handshake; null when it presented none. */
    private static Certificate partnerCertificate(NetSocket socket) {
        try {
            List<Certificate> chain = socket.peerCertificates();
            return chain == null || chain.isEmpty() ? null : chain.get(0);
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /** Connection refused: the host answered, and nothing listens on the port. Not a timeout, not unreachable. */
    private static boolean refused(Throwable cause) {
        return cause instanceof ConnectException && cause.getMessage() != null
                && cause.getMessage().toLowerCase(Locale.ROOT).contains("connection refused");
    }

    /**
     * The partner's process is gone. What it sent before dying and what is still in flight must not
     * bring it back: its connection and datagram keys are dropped, so only a new authenticated session,
     * that is a live process, is heard from again.
     */
    private void partnerGone(String cause) {
        stats.partnerGone.incrementAndGet();
        datagrams.forget();
        deaf = true;
        if (incoming != null) {
            incoming.close();
        }
        LOG.warn("peer: partner {}'s process is gone: {}", partner.dial(), cause);
        listener.partnerGone(cause);
    }

    private Envelope decode(Buffer frame) throws IOException, PeerProtocolException {
        Envelope e = json.readValue(frame.getBytes(), Envelope.class);
        if (e.v() != Envelope.PROTOCOL_VERSION) {
            throw new PeerProtocolException("peer protocol version " + e.v() + " is not supported (this node speaks "
                    + Envelope.PROTOCOL_VERSION + "); run the same software version on both nodes");
        }
        if (e.type() == null || e.body() == null) {
            throw new PeerProtocolException("frame without type or body");
        }
        return e;
    }

    private void writeHandshake(NetSocket socket, String type, JsonNode body) {
        write(socket, new Envelope(Envelope.PROTOCOL_VERSION, type, 0, body.toString(), null));
    }

    /** Returns the bytes written: the frame's, or none when it could not be encoded. */
    private int write(NetSocket socket, Envelope e) {
        try {
            Buffer frame = FrameReader.frame(json.writeValueAsBytes(e));
            socket.write(frame);
            return frame.length();
        } catch (IOException ex) {
            LOG.error("peer: cannot encode {} frame", e.type(), ex);
            return 0;
        }
    }

    /**
     * Counts, logs and closes a connection once: {@code reader} (null before one is attached) stops at
     * the first refusal, so the rest of what the sender queued is neither read nor counted.
     */
    private void refuse(NetSocket socket, FrameReader reader, String who, String reason) {
        if (reader != null && !reader.stop()) {
            return;
        }
        count(socket.remoteAddress().hostAddress(), who, reason);
        if (socket != outgoing && socket != incoming) {
            writeHandshake(socket, "refused", json.createObjectNode().put("reason", "refused"));
        }
        socket.close();
    }

    /** Counts and logs a refusal of {@code who}, from (or to) the address {@code source}. */
    private void count(String source, String who, String reason) {
        stats.refused.incrementAndGet();
        stats.lastRefusal = who + ": " + reason;
        if (refusedSources.add(source)) {
            LOG.warn("peer: refused {}: {}", who, reason);
        } else {
            refusals.warn("peer: refused {}: {}", who, reason);
        }
    }
}
