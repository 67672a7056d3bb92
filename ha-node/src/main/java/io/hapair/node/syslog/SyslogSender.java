package io.hapair.node.syslog;

import io.hapair.node.settings.SyslogTarget;
import io.hapair.node.syslog.model.OutboundQueue;
import io.hapair.node.syslog.model.Rfc5424;
import io.hapair.node.syslog.model.SyslogMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the node's log to one syslog target. Whoever logs only queues (any thread, never blocked, never waiting
 * for the network); the sending happens on the forwarder's own event loop. UDP: one datagram per message
 * (RFC 5426). TCP and TLS: one connection, messages framed by octet counting (RFC 6587, RFC 5425), opened when
 * there is something to send and opened again after a loss, waiting longer after each failed attempt. While the
 * target cannot be reached, the newest messages wait in a bounded queue; older ones are dropped and counted.
 */
final class SyslogSender implements SyslogStats {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogSender.class);
    // About a minute of a busy node's log (a takeover with its sync and data-plane lines is a few dozen), at
    // most a few MB: enough to bridge a receiver's restart, bounded if it never comes back.
    static final int QUEUE_CAPACITY = 10_000;
    // Messages written per turn of the event loop, so that a long queue never holds the loop for long.
    private static final int BATCH = 256;
    // RFC 5426 asks receivers to take at least 2,048 bytes in a datagram; stream receivers take more (rsyslog's
    // default maximum is 8 KB).
    static final int MAX_DATAGRAM = 2_048;
    static final int MAX_STREAM_MESSAGE = 8_192;
    private static final long RETRY_FIRST_MS = 1_000;
    private static final long RETRY_MAX_MS = 30_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final long SEQUENCE_MAX = Integer.MAX_VALUE;

    /** A message and its place in this target's sequence, numbered when queued so that drops leave a gap. */
    private record Numbered(long sequenceId, SyslogMessage message) {
    }

    private final Vertx vertx;
    private final Context context;
    private final SyslogTarget target;
    private final Rfc5424.Sender sender;
    private final DatagramSocket udp;
    private final NetClient tcp;
    private final OutboundQueue<Numbered> queue;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unsendable = new AtomicLong();
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile boolean up;
    // The rest only on the context.
    private NetSocket socket;
    private boolean connecting;
    private long retryTimer = -1;
    private long retryMs = RETRY_FIRST_MS;
    private String lastFailure;
    private boolean closed;

    /**
     * @param udp      the forwarder's datagram socket, for a udp target; unused otherwise
     * @param capacity how many messages wait at most while the target cannot take them
     */
    SyslogSender(Vertx vertx, Context context, SyslogTarget target, Rfc5424.Sender sender, DatagramSocket udp,
                 int capacity) {
        this.vertx = vertx;
        this.queue = new OutboundQueue<>(capacity);
        this.context = context;
        this.target = target;
        this.sender = sender;
        this.udp = udp;
        this.tcp = target.transport() == SyslogTarget.Transport.UDP ? null : vertx.createNetClient(options(target));
    }

    private static NetClientOptions options(SyslogTarget target) {
        NetClientOptions options = new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true)
                .setTcpNoDelay(true);
        if (target.transport() == SyslogTarget.Transport.TLS) {
            // RFC 5425: the receiver's certificate must name the host the target gives, as HTTPS checks it.
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (target.caCertificate() != null) {
                options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(target.caCertificate())));
            }
        }
        return options;
    }

    SyslogTarget target() {
        return target;
    }

    /** From any thread: queues the message if the target takes its severity, and wakes the sending. */
    void offer(SyslogMessage message) {
        if (!message.severity().passes(target.severity())) {
            return;
        }
        queue.offer(new Numbered(next(), message));
        if (woken.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                woken.set(false);
                pump();
            });
        }
    }

    private long next() {
        return sequence.updateAndGet(n -> n >= SEQUENCE_MAX ? 1 : n + 1);
    }

    /** On the context: stops sending; what is queued is dropped with the target. */
    void close() {
        closed = true;
        up = false;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        if (socket != null) {
            socket.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    private void pump() {
        if (closed) {
            return;
        }
        if (tcp == null) {
            sendDatagrams();
        } else if (socket != null) {
            writeStream();
        } else if (!connecting && retryTimer < 0 && queue.size() > 0) {
            connect();
        }
    }

    private void sendDatagrams() {
        for (Numbered n : queue.take(BATCH)) {
            byte[] bytes = Rfc5424.encode(sender, target.facility(), n.message(), n.sequenceId(), MAX_DATAGRAM);
            udp.send(Buffer.buffer(bytes), target.port(), target.host()).onComplete(ar -> {
                if (ar.succeeded()) {
                    sent.incrementAndGet();
                    working();
                } else {
                    unsendable.incrementAndGet();
                    failing(ar.cause().getMessage());
                }
            });
        }
        if (queue.size() > 0) {
            context.runOnContext(v -> pump());
        }
    }

    private void writeStream() {
        while (!socket.writeQueueFull()) {
            List<Numbered> batch = queue.take(BATCH);
            if (batch.isEmpty()) {
                return;
            }
            Buffer frames = Buffer.buffer();
            for (Numbered n : batch) {
                byte[] bytes = Rfc5424.encode(sender, target.facility(), n.message(), n.sequenceId(),
                        MAX_STREAM_MESSAGE);
                frames.appendString(Integer.toString(bytes.length), "US-ASCII").appendByte((byte) ' ')
                        .appendBytes(bytes);
            }
            socket.write(frames);
            // Handed to the connection: a connection lost now takes these with it, as with any stream sender.
            sent.addAndGet(batch.size());
        }
        socket.drainHandler(v -> pump());
    }

    private void connect() {
        connecting = true;
        tcp.connect(target.port(), target.host()).onComplete(ar -> {
            connecting = false;
            if (closed) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                failing(ar.cause().getMessage());
                retryLater();
                return;
            }
            NetSocket s = ar.result();
            socket = s;
            retryMs = RETRY_FIRST_MS;
            working();
            s.handler(ignored -> {
                // A syslog receiver sends nothing back; whatever comes is not ours to read.
            });
            s.exceptionHandler(e -> failing(e.getMessage()));
            s.closeHandler(v -> {
                if (socket == s) {
                    socket = null;
                    up = false;
                    if (!closed) {
                        failing("the connection was closed");
                        retryLater();
                    }
                }
            });
            pump();
        });
    }

    private void retryLater() {
        long wait = retryMs;
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
        retryTimer = vertx.setTimer(wait, t -> {
            retryTimer = -1;
            pump();
        });
    }

    private void working() {
        up = true;
        if (lastFailure != null) {
            LOG.info("syslog: {} reachable again", target.label());
            lastFailure = null;
        }
    }

    /** Logged once per kind of trouble, not per message: the node's own log must not fill with it. */
    private void failing(String why) {
        up = false;
        String cause = why == null ? "unknown error" : why;
        if (!cause.equals(lastFailure)) {
            lastFailure = cause;
            LOG.warn("syslog: cannot send to {}: {}; keeping the newest {} messages and trying again (every {} s at"
                    + " most)", target.label(), cause, queue.capacity(), RETRY_MAX_MS / 1000);
        }
    }

    @Override
    public String label() {
        return target.label();
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long dropped() {
        return queue.dropped() + unsendable.get();
    }

    @Override
    public boolean up() {
        return up;
    }
}
