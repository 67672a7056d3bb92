package io.hapair.tests.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One long-lived TCP connection through a tcp virtual service to an echo server: a line every 100 ms,
 * each answer checked, until the connection breaks or is closed. Records when the last answer came and,
 * once it broke, why.
 */
final class HeldConnection implements AutoCloseable {

    private static final long EVERY_MS = 100;
    private static final int ANSWER_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final Thread thread;
    private volatile int echoes;
    private volatile long lastEchoAt;
    private volatile String broken;
    private volatile long brokenAt;
    private volatile boolean closing;

    private HeldConnection(Socket socket) {
        this.socket = socket;
        this.thread = new Thread(this::talk, "held-connection");
        thread.setDaemon(true);
    }

    static HeldConnection open(String host, int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), ANSWER_TIMEOUT_MS);
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            HeldConnection held = new HeldConnection(socket);
            held.thread.start();
            return held;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    private void talk() {
        try {
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; !closing; i++) {
                String line = "line " + i;
                out.println(line);
                String answer = in.readLine();
                if (!line.equals(answer)) {
                    fail(answer == null ? "closed by the other end" : "answered '" + answer + "' to '" + line + "'");
                    return;
                }
                lastEchoAt = System.currentTimeMillis();
                echoes++;
                Thread.sleep(EVERY_MS); // the pace of the conversation, not a wait for a condition
            }
        } catch (IOException e) {
            if (!closing) {
                fail(e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String why) {
        brokenAt = System.currentTimeMillis();
        broken = why;
    }

    int echoes() {
        return echoes;
    }

    long lastEchoAt() {
        return lastEchoAt;
    }

    boolean isBroken() {
        return broken != null;
    }

    @Override
    public String toString() {
        return "connection with " + echoes + " answers, the last at " + Instant.ofEpochMilli(lastEchoAt)
                + (broken == null ? ", open" : ", broken at " + Instant.ofEpochMilli(brokenAt) + ": " + broken);
    }

    @Override
    public void close() throws IOException {
        closing = true;
        socket.close();
    }
}
