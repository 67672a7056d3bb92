package io.hapair.node.demo;

import io.hapair.node.demo.IlbSettings.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A blocking HTTP/1.1 client over one plain TCP connection, kept alive between requests, so a
 * test can tell whether a connection through the simulator stays on the same backend.
 */
final class RawHttpConnection implements Closeable {

    /** What {@link #whoAnswers} returns when the frontend closes or refuses the connection. */
    static final String CLOSED = "<closed>";

    /** Generous for loopback on a busy 2-core machine; a hang fails the test instead of stalling it. */
    private static final int SOCKET_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawHttpConnection open(Endpoint endpoint) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return new RawHttpConnection(socket);
    }

    /** The name of the backend a new connection to {@code endpoint} reaches, or {@link #CLOSED}. */
    static String whoAnswers(Endpoint endpoint) {
        try (RawHttpConnection connection = open(endpoint)) {
            return connection.get("/name");
        } catch (IOException refusedOrClosed) {
            return CLOSED;
        }
    }

    /** Sends a GET on this connection and returns the body of a 200 answer. */
    String get(String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: ilb-test\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException("expected 200, got: " + head.lines().findFirst().orElse(head));
        }
        int length = head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new IOException("answer without content-length: " + head));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed without an answer");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
