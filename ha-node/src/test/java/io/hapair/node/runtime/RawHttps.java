package io.hapair.node.runtime;

import io.hapair.node.TrustAllTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A TLS connection to the API that sends exactly what a test writes: requests no client library would send. */
final class RawHttps implements AutoCloseable {

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttps(String host, int port, String localAddress) throws IOException, GeneralSecurityException {
        SSLContext tls = TrustAllTls.context();
        socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The answer's status line and headers; throws SocketTimeoutException when none comes within 10 s. */
    String head() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before an answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server closes the connection within 10 s (what it sends until then is skipped). */
    boolean closedByServer() throws IOException {
        try {
            byte[] skip = new byte[4096];
            while (true) {
                if (in.read(skip) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
