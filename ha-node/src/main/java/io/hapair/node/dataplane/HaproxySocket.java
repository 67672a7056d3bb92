package io.hapair.node.dataplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One command to one of HAProxy's UNIX sockets (the runtime API or the master CLI), in its
 * non-interactive mode: the command, then the answer up to HAProxy's close. Blocking: call on a
 * worker thread.
 */
final class HaproxySocket {

    // HAProxy answers in milliseconds; "show stat" of thousands of servers in well under a second.
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int READ_SIZE = 64 * 1024;

    private HaproxySocket() {
    }

    /** Sends {@code command} and returns HAProxy's whole answer. */
    static String command(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            send(channel, socket, command);
            return answer(channel, socket, command);
        }
    }

    /**
     * Sends {@code command} and waits for HAProxy to close, whatever it answers: the master CLI's
     * reload re-executes the master, which drops the connection rather than answering.
     */
    static void tell(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            send(channel, socket, command);
            try {
                answer(channel, socket, command);
            } catch (IOException dropped) {
                // Reset by the re-executing master: the command was taken.
            }
        }
    }

    private static void send(SocketChannel channel, Path socket, String command) throws IOException {
        channel.connect(UnixDomainSocketAddress.of(socket));
        ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        // HAProxy's master CLI answers, and closes, only once the client has said all it will.
        channel.shutdownOutput();
    }

    private static String answer(SocketChannel channel, Path socket, String command) throws IOException {
        channel.configureBlocking(false);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(READ_SIZE);
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("haproxy did not answer '" + command + "' on " + socket + " within "
                            + ANSWER_TIMEOUT.toSeconds() + " s");
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                int read = channel.read(in);
                if (read < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
        }
    }
}
