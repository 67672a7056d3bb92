package io.hapair.node.cli;

import io.hapair.cloud.topology.PairNode;
import io.hapair.cloud.topology.PairTopology;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * For {@code cloud diagnose}: asks each node's API which health-check port it runs with
 * ({@code running.health-check-port} of {@code GET /api/v1/ha/params}), so diagnose can tell when
 * the nodes disagree with each other or with the balancer. A node that cannot be asked is reported
 * as such and left out; that is not an error.
 */
final class NodeCheckPorts {

    static final String PARAMS_PATH = "/api/v1/ha/params";

    // Diagnose should not hang on a node that is down; an answering node replies at once.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NodeCheckPorts() {
    }

    /** Each node's port by node name, for the nodes that answered; one line per node says how it went. */
    static Map<String, Integer> ask(PairTopology topology, NodeApiFlags api, PrintWriter out) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (PairNode node : topology.nodes()) {
            String who = node.name() + " (" + node.address() + ")";
            try {
                int port = askOne(api, URI.create("https://" + node.address() + ":" + topology.managementPorts().api()));
                ports.put(node.name(), port);
                out.println(who + ": runs its health check on port " + port);
            } catch (NotAsked reason) {
                out.println(who + ": not asked: " + reason.getMessage());
            }
        }
        out.flush();
        return ports;
    }

    private static int askOne(NodeApiFlags api, URI node) throws NotAsked {
        Optional<String> missing = api.missing();
        if (missing.isPresent()) {
            throw new NotAsked(missing.get());
        }
        NodeApiClient.Response response;
        try {
            response = api.get(node, PARAMS_PATH, TIMEOUT);
        } catch (Exception unreachable) {
            throw new NotAsked("cannot reach " + node + " (" + unreachable.getMessage() + ")");
        }
        if (response.statusCode() != 200) {
            throw new NotAsked(node + PARAMS_PATH + " answered " + response.statusCode()
                    + (response.statusCode() == 401 ? " (wrong password?)" : ""));
        }
        try {
            JsonObject running = response.bodyAsJsonObject().getJsonObject("running");
            Integer port = running == null ? null : running.getInteger("health-check-port");
            if (port == null) {
                throw new NotAsked(node + PARAMS_PATH + " has no running.health-check-port");
            }
            return port;
        } catch (RuntimeException notJson) {
            throw new NotAsked(node + PARAMS_PATH + " did not answer with the expected JSON (" + notJson.getMessage()
                    + ")");
        }
    }

    /** Why a node was not asked; reported, never raised further. */
    private static final class NotAsked extends Exception {
        NotAsked(String reason) {
            super(reason);
        }
    }
}
