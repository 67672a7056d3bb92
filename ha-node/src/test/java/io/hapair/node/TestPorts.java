package io.hapair.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports for in-JVM tests on loopback, free for TCP and UDP alike (a node's peer port is both).
 *
 * <p>They come from below the kernel's ephemeral range (32768 and up), so that no socket bound to port 0 — a UDP
 * client of another test JVM, on every address — can take one between this check and the test's own bind. Each
 * JVM walks the range from its own random start, so two calls never hand out the same port.
 */
public final class TestPorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_767;
    private static final AtomicInteger NEXT =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(LAST - FIRST + 1));

    private TestPorts() {
    }

    public static int free(String host) {
        InetAddress address = addressOf(host);
        for (int tries = 0; tries <= LAST - FIRST; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST + 1);
            if (freeForTcpAndUdp(address, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port in " + FIRST + "-" + LAST + " is free for TCP and UDP on " + host);
    }

    /** Whether {@code port} on {@code host} can be bound now, for TCP and for UDP. */
    public static boolean isFree(String host, int port) {
        return freeForTcpAndUdp(addressOf(host), port);
    }

    private static boolean freeForTcpAndUdp(InetAddress address, int port) {
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(address, port), 1);
            udp.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static InetAddress addressOf(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
