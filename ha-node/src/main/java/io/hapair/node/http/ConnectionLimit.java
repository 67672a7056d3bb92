package io.hapair.node.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections one HTTP server keeps open, in total and from one address: more are closed as they
 * arrive, so that neither a flood of connections nor one hostile address can exhaust the node or take
 * every place from the others.
 */
public final class ConnectionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    // Refusals come in floods: one log line a minute at most, with the count since the last one.
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final String server;
    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<String, Integer> open = new HashMap<>();
    private int total;
    private long refusedSinceLog;
    private long lastLog = Long.MIN_VALUE / 2;

    /** @param server the server's name in log lines, e.g. "API" */
    public ConnectionLimit(String server, int maxConnections, int maxPerAddress) {
        this.server = server;
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Sets {@code httpServer}'s connection handler to this limit. */
    public HttpServer applyTo(HttpServer httpServer) {
        return httpServer.connectionHandler(this::opened);
    }

    private void opened(HttpConnection connection) {
        String from = connection.remoteAddress().hostAddress();
        String refusal = admit(from);
        if (refusal == null) {
            connection.closeHandler(v -> closed(from));
        } else {
            connection.close();
            log(from, refusal);
        }
    }

    private synchronized String admit(String from) {
        int fromThere = open.getOrDefault(from, 0);
        if (total >= maxConnections) {
            return total + " connections are open, the most it keeps";
        }
        if (fromThere >= maxPerAddress) {
            return fromThere + " connections from there are open, the most it keeps from one address";
        }
        open.put(from, fromThere + 1);
        total++;
        return null;
    }

    private synchronized void closed(String from) {
        open.computeIfPresent(from, (a, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    private void log(String from, String why) {
        long now = System.currentTimeMillis();
        long unlogged;
        synchronized (this) {
            refusedSinceLog++;
            if (now - lastLog < LOG_EVERY_MILLIS) {
                return;
            }
            unlogged = refusedSinceLog - 1;
            refusedSinceLog = 0;
            lastLog = now;
        }
        LOG.warn("http: {} server closed a new connection from {}: {}{}", server, from, why,
                unlogged > 0 ? " (" + unlogged + " more closed since the last such line)" : "");
    }
}
