package io.hapair.tests.dataplane;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.RealServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The virtual services and the data plane as the tests drive and read them through a node's API
 * ({@code /api/v1/virtual-services}, {@code /api/v1/data-plane}, {@code /metrics}), and the balancer
 * as a client sees it.
 */
final class DataPlaneApi {

    static final String SERVICES = "/api/v1/virtual-services";
    static final String CERTIFICATES = "/api/v1/vs-certificates";
    private static final ObjectMapper JSON = new ObjectMapper();
    // Enough requests in a row to say where the balancer sends them.
    private static final int IN_A_ROW = 10;

    private DataPlaneApi() {
    }

    /**
     * An http virtual service published at {@code published:port}, checking its real servers with
     * {@code GET /} every second: two failures take one out, two successes bring it back.
     */
    static String httpService(String name, String published, int port, List<RealServer> servers) {
        ObjectNode vs = service(name, published, port, "http");
        vs.putObject("healthCheck").put("type", "http").put("path", "/").put("expectedStatus", 200)
                .put("intervalSeconds", 1).put("retries", 2).put("rise", 2);
        ArrayNode realServers = vs.putArray("realServers");
        servers.forEach(s -> realServers.addObject().put("address", s.address()).put("port", s.port()));
        return vs.toString();
    }

    /** A tcp virtual service in front of one real server at {@code address:serverPort}, checked by connecting. */
    static String tcpService(String name, String published, int port, String address, int serverPort) {
        ObjectNode vs = service(name, published, port, "tcp");
        vs.putObject("healthCheck").put("type", "tcp-connect").put("intervalSeconds", 1);
        vs.putArray("realServers").addObject().put("address", address).put("port", serverPort);
        return vs.toString();
    }

    private static ObjectNode service(String name, String published, int port, String protocol) {
        return JSON.createObjectNode().put("name", name).put("address", published).put("port", port)
                .put("protocol", protocol);
    }

    /** {@code json} with {@code field} set to the JSON value {@code value}. */
    static String with(String json, String field, String value) {
        ObjectNode node = (ObjectNode) parse(json);
        node.set(field, parse(value));
        return node.toString();
    }

    static HttpOnce.Answer replace(HaNodeProcess node, String collection, String id, String json) {
        return node.api("PUT", collection + "/" + id, json, null);
    }

    /** Creates the document on {@code node} and fails unless it answers 201. */
    static void created(HaNodeProcess node, String collection, String json) {
        HttpOnce.Answer answer = node.api("POST", collection, json, null);
        if (answer.code() != 201) {
            throw new AssertionError(node.name() + " refused POST " + collection + ": " + answer.code() + " "
                    + answer.body());
        }
    }

    static JsonNode document(HaNodeProcess node, String collection, String id) {
        return node.apiJson(collection + "/" + id);
    }

    /** {@code GET /api/v1/data-plane}. */
    static JsonNode dataPlane(HaNodeProcess node) {
        return node.apiJson("/api/v1/data-plane");
    }

    static Optional<JsonNode> service(HaNodeProcess node, String vs) {
        return StreamSupport.stream(dataPlane(node).path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals(vs)).findFirst();
    }

    /** The client connections {@code vs} took on {@code node} since its HAProxy last loaded a configuration. */
    static long totalSessions(HaNodeProcess node, String vs) {
        return service(node, vs).orElseThrow(() -> new IllegalStateException(node.name() + " serves no " + vs))
                .path("totalSessions").asLong();
    }

    /** The real server's status on {@code node} as HAProxy sees it (up, down, maint, drain); empty when not served. */
    static Optional<String> serverStatus(HaNodeProcess node, String vs, RealServer server) {
        return service(node, vs).flatMap(s -> StreamSupport.stream(s.path("realServers").spliterator(), false)
                .filter(r -> r.path("address").asText().equals(server.address())
                        && r.path("port").asInt() == server.port())
                .findFirst()).map(r -> r.path("status").asText());
    }

    /** Whether {@code node} serves {@code vs} with every one of its real servers up. */
    private static boolean serving(HaNodeProcess node, String vs) {
        return service(node, vs).map(s -> !s.path("realServers").isEmpty() && StreamSupport.stream(
                s.path("realServers").spliterator(), false).allMatch(r -> r.path("status").asText().equals("up")))
                .orElse(false);
    }

    static void awaitServing(List<HaNodeProcess> nodes, String vs) {
        for (HaNodeProcess node : nodes) {
            await(node.name() + " serves " + vs + " with every real server up").atMost(Patience.SETTLE)
                    .ignoreExceptions().pollInterval(Duration.ofMillis(200)).until(() -> serving(node, vs));
        }
    }

    /** The value of the {@code /metrics} series {@code name} with exactly these label values among its labels. */
    static OptionalDouble metric(HaNodeProcess node, String name, String... labelValues) {
        HttpOnce.Answer answer = node.api("GET", "/metrics");
        if (answer.code() != 200) {
            throw new IllegalStateException(node.name() + " /metrics answered " + answer.code());
        }
        return answer.body().lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> {
                    String labels = l.substring(name.length(), l.lastIndexOf('}') + 1);
                    for (int i = 0; i + 1 < labelValues.length; i += 2) {
                        if (!labels.contains(labelValues[i] + "=\"" + labelValues[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }

    /**
     * Waits until the balancer sends every request to {@code to}: {@value #IN_A_ROW} requests in a row
     * succeed and raise {@code vs}'s sessions on {@code to} by as many, and on {@code other} by none (when
     * it runs a data plane at all).
     */
    static void awaitBalancerSendsTo(HaNodeProcess to, HaNodeProcess other, String vs,
                                     Supplier<HttpOnce.Answer> request) {
        await("balancer sends every " + vs + " request to " + to.name()).atMost(Patience.SETTLE).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    long toBefore = totalSessions(to, vs);
                    Optional<Long> otherBefore = sessionsIfServing(other, vs);
                    for (int i = 0; i < IN_A_ROW; i++) {
                        if (!request.get().ok()) {
                            return false;
                        }
                    }
                    return totalSessions(to, vs) - toBefore >= IN_A_ROW
                            && sessionsIfServing(other, vs).equals(otherBefore);
                });
    }

    /** {@link #totalSessions}, or empty when the node does not run, or its data plane does not serve {@code vs}. */
    private static Optional<Long> sessionsIfServing(HaNodeProcess node, String vs) {
        return node.alive() ? service(node, vs).map(s -> s.path("totalSessions").asLong()) : Optional.empty();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
