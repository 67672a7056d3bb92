package io.hapair.node.dataplane;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Small HTTP real servers for the tests (the JDK's own server): each answers every request with its
 * name, and {@code /health} with the status the test sets.
 */
final class RealServers implements AutoCloseable {

    private final Map<String, HttpServer> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> healthStatus = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    /** Starts (or starts again) a server named {@code name} at address:port. */
    void start(String name, String address, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
            healthStatus.putIfAbsent(name, 200);
            server.createContext("/", exchange -> {
                boolean health = exchange.getRequestURI().getPath().equals("/health");
                byte[] body = (health ? "health" : name).getBytes(StandardCharsets.UTF_8);
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(health ? healthStatus.get(name) : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(threads);
            server.start();
            running.put(name, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops answering: the port refuses connections. */
    void stop(String name) {
        HttpServer server = running.remove(name);
        if (server != null) {
            server.stop(0);
        }
    }

    void healthStatus(String name, int status) {
        healthStatus.put(name, status);
    }

    @Override
    public void close() {
        running.keySet().forEach(this::stop);
        threads.shutdownNow();
    }
}
