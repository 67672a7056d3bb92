package io.hapair.node.cli;

import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.PublishedPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For {@code cloud plan | apply | diagnose --from-node URL}: the ports of a node's enabled virtual
 * services ({@code GET /api/v1/virtual-services}), which the balancer must publish. Virtual services
 * sync between the nodes, so one node tells. A node that cannot be asked stops the command, as
 * planning without its ports would plan their rules away.
 */
final class NodeVirtualServices {

    static final String PATH = "/api/v1/virtual-services";

    // One listing; a node that answers at all answers within this.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String EXAMPLE = "e.g. https://10.0.1.4:8443, or the balancer's NAT port 8441";

    private NodeVirtualServices() {
    }

    /** What a node listed: the enabled services' ports, and the names of the disabled ones. */
    record Listing(List<VirtualServicePort> enabled, List<String> disabled) {
    }

    /** Asks the node; one line on {@code out} says what it serves. Throws with the flag and the fix when it cannot. */
    static List<VirtualServicePort> read(String url, NodeApiFlags api, PrintWriter out)
            throws ApiClientOptions.Unanswered {
        NodeApiClient.Response response = ask(url, api, PATH);
        if (response.statusCode() != 200) {
            throw unexpected(url, PATH, response);
        }
        Listing listing;
        try {
            listing = listing(response.bodyAsJsonObject());
        } catch (RuntimeException unexpected) {
            throw new ApiClientOptions.Unanswered(CloudCommand.FAILED, "--from-node " + url + ": GET " + PATH
                    + " did not answer with a list of virtual services (" + unexpected.getMessage()
                    + "); check that the URL is a node's API, " + EXAMPLE);
        }
        out.println(describe(url, listing));
        out.flush();
        return listing.enabled();
    }

    /**
     * GET {@code path} from the node at {@code url}, whatever its status but 401. Throws with the flag and the fix when
     * the node cannot be asked or refuses the password.
     */
    static NodeApiClient.Response ask(String url, NodeApiFlags api, String path) throws ApiClientOptions.Unanswered {
        URI node = nodeUri(url);
        Optional<String> missing = api.missing();
        if (missing.isPresent()) {
            throw new ApiClientOptions.Unanswered(CloudCommand.BAD_INPUT, "--from-node " + url + ": " + missing.get());
        }
        NodeApiClient.Response response;
        try {
            response = api.get(node, path, TIMEOUT);
        } catch (IOException unreachable) {
            throw new ApiClientOptions.Unanswered(CloudCommand.FAILED, "--from-node " + url + ": cannot reach the node ("
                    + unreachable.getMessage() + "); check that it runs and that the URL is its API, " + EXAMPLE);
        }
        if (response.statusCode() == 401) {
            throw new ApiClientOptions.Unanswered(CloudCommand.FAILED, "--from-node " + url + ": the node refused the "
                    + "password (401); give the password of its user bal with --node-password or HANODE_ADMIN_PASSWORD");
        }
        return response;
    }

    /** A node's answer to GET {@code path} that is not what a node's API answers. */
    static ApiClientOptions.Unanswered unexpected(String url, String path, NodeApiClient.Response response) {
        return new ApiClientOptions.Unanswered(CloudCommand.FAILED, "--from-node " + url + ": GET " + path
                + " answered " + response.statusCode() + "; check that the URL is a node's API, " + EXAMPLE);
    }

    /**
     * The answer's services: http, https and tcp ones listen on TCP, udp ones on UDP. A disabled
     * service does not listen, so it publishes nothing.
     */
    static Listing listing(JsonObject answer) {
        JsonArray items = answer == null ? null : answer.getJsonArray("items");
        if (items == null) {
            throw new IllegalArgumentException("no items");
        }
        List<VirtualServicePort> enabled = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonObject service = items.getJsonObject(i).getJsonObject("document");
            String name = service.getString("name");
            Integer port = service.getInteger("port");
            if (name == null || port == null) {
                throw new IllegalArgumentException("item " + i + " has no name or port");
            }
            if (service.getBoolean("enabled", true)) {
                Protocol transport = "udp".equals(service.getString("protocol")) ? Protocol.UDP : Protocol.TCP;
                enabled.add(new VirtualServicePort(name, new PublishedPort(port, transport)));
            } else {
                disabled.add(name);
            }
        }
        return new Listing(enabled, disabled);
    }

    private static String describe(String url, Listing listing) {
        StringBuilder line = new StringBuilder(url).append(": ").append(listing.enabled().size())
                .append(" enabled virtual service(s)");
        if (!listing.enabled().isEmpty()) {
            line.append(" (").append(String.join(", ", listing.enabled().stream()
                    .map(service -> service.name() + " " + service.port()).toList())).append(')');
        }
        if (!listing.disabled().isEmpty()) {
            line.append(", not published as disabled: ").append(String.join(", ", listing.disabled()));
        }
        return line.toString();
    }

    private static URI nodeUri(String url) throws ApiClientOptions.Unanswered {
        URI node;
        try {
            node = new URI(url);
        } catch (URISyntaxException malformed) {
            node = null;
        }
        if (node == null || !"https".equalsIgnoreCase(node.getScheme()) || node.getHost() == null) {
            throw new ApiClientOptions.Unanswered(CloudCommand.BAD_INPUT, "--from-node: '" + url + "' is not a "
                    + "node's API URL; give https://ADDRESS:PORT, " + EXAMPLE);
        }
        return node;
    }
}
