package io.hapair.tests.hostile;

import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.PemTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 written by hand, for the requests no well-behaved client sends: from a chosen source
 * address, with any header (a broken {@code Authorization}), a declared body longer than the one sent,
 * a multipart body. One request per connection ({@code Connection: close}); TLS trusts only the
 * node's own certificate.
 */
final class RawHttp {

    /** Far above any answer time of a live node: a request left unanswered this long is a finding. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    // Answers are JSON documents or pages; anything longer is cut (the tests look at status and headers).
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    /** An answer, or status {@link #NO_ANSWER} with what went wrong instead. */
    record Reply(int status, Map<String, String> headers, String body, String error) {
        static final int NO_ANSWER = -1;

        /** A header's value (names are case-insensitive), or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status == NO_ANSWER ? "no answer (" + error + ")"
                    : status + " " + body.substring(0, Math.min(body.length(), 300)).replace('\n', ' ');
        }
    }

    /** What a partial upload achieved: the answer, and how many body bytes the node took before it. */
    record Upload(Reply reply, long bytesSent) {
    }

    private final SSLSocketFactory tls;
    private final String host;
    private final int port;
    private final String from;

    private RawHttp(SSLSocketFactory tls, String host, int port, String from) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.from = from;
    }

    /** The node's API (HTTPS), from the address the kernel picks. */
    static RawHttp api(HaNodeProcess node) {
        return new RawHttp(PemTrust.of(node.certificate()), node.address(), node.options().apiPort(), null);
    }

    /** The same server, with connections leaving from {@code source} (a loopback address). */
    RawHttp from(String source) {
        return new RawHttp(tls, host, port, source);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code method path} with {@code headers} and {@code body} (Content-Length added), and its answer. */
    Reply send(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Length", Integer.toString(body.length));
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(method, path, all));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The node may answer (401, 413, ...) and close before the whole body is sent; a client reads that answer.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return noAnswer("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return noAnswer(e.toString());
        }
    }

    /**
     * Declares a body of {@code declaredLength} bytes but sends at most {@code sendAtMost} of them, while
     * reading the answer at the same time: a node that answers only after the whole body never answers.
     */
    Upload sendPartially(String method, String path, Map<String, String> headers, long declaredLength, int sendAtMost) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Length", Long.toString(declaredLength));
        AtomicLong sent = new AtomicLong();
        Socket socket;
        try {
            socket = open();
            socket.getOutputStream().write(head(method, path, all));
        } catch (IOException e) {
            return new Upload(noAnswer(e.toString()), 0);
        }
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                OutputStream out = socket.getOutputStream();
                while (sent.get() < sendAtMost) {
                    int n = (int) Math.min(chunk.length, sendAtMost - sent.get());
                    out.write(chunk, 0, n);
                    sent.addAndGet(n);
                }
                out.flush();
            } catch (IOException e) {
                // the node closed the connection, or we did after its answer: either way, stop sending
            }
        }, "partial-upload");
        writer.setDaemon(true);
        writer.start();
        Reply reply;
        try {
            reply = read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            reply = noAnswer("no answer within " + TIMEOUT.toSeconds() + " s after " + sent.get() + " of "
                    + declaredLength + " declared bytes");
        } catch (IOException e) {
            reply = noAnswer(e + " after " + sent.get() + " bytes");
        } finally {
            closeQuietly(socket);
        }
        try {
            writer.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Upload(reply, sent.get());
    }

    private Socket open() throws IOException {
        Socket raw = new Socket();
        try {
            if (from != null) {
                raw.bind(new InetSocketAddress(from, 0));
            }
            raw.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            raw.setSoTimeout((int) TIMEOUT.toMillis());
            return tls == null ? raw : tls.createSocket(raw, host, port, true);
        } catch (IOException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    private byte[] head(String method, String path, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one answer: the head, then Content-Length bytes, chunks, or up to the close. */
    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                return noAnswer("closed before an answer (" + bytes.size() + " bytes)");
            }
            bytes.write(buffer, 0, n);
            headEnd = bytes.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, headEnd).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.")) {
            return noAnswer("not HTTP: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(bytes.toByteArray(), headEnd + 4, bytes.size() - headEnd - 4);
        String length = headers.get("content-length");
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        long want = length != null ? Long.parseLong(length) : MAX_ANSWER_BYTES;
        while (body.size() < Math.min(want, MAX_ANSWER_BYTES) && !(chunked && endsChunks(body))) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            body.write(buffer, 0, n);
        }
        // ISO-8859-1 maps each byte to one char, so chunk sizes (in bytes) index the text directly.
        String raw = body.toString(StandardCharsets.ISO_8859_1);
        String content = new String((chunked ? unchunk(raw) : raw).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
        return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers, content, null);
    }

    private static boolean endsChunks(ByteArrayOutputStream body) {
        return body.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n");
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = lineEnd < 0 ? 0 : Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static Reply noAnswer(String why) {
        return new Reply(Reply.NO_ANSWER, Map.of(), "", why);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
