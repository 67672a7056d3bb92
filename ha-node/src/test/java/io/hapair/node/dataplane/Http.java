package io.hapair.node.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.0 request on a new connection, as a client through the balancer makes it. */
final class Http {

    private static final int TIMEOUT_MILLIS = 10_000;

    private Http() {
    }

    /** The body of a 200 answer to GET / at address:port; throws on anything else. */
    static String get(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + address + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = answer.indexOf("\r\n\r\n");
            if (!answer.matches("(?s)HTTP/1\\.[01] 200 .*") || body < 0) {
                throw new IOException("not a 200 answer: " + answer.lines().findFirst().orElse("(nothing)"));
            }
            return answer.substring(body + 4);
        }
    }
}
