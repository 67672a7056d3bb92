package io.hapair.node.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the cloud commands ask the nodes' APIs (for {@code --from-node}, and diagnose's question for
 * each node's health-check port): the password of user bal, and how to trust a node's certificate.
 */
final class NodeApiFlags {

    @Option(names = "--node-password", paramLabel = "PASSWORD", defaultValue = "${env:HANODE_ADMIN_PASSWORD}",
            description = "password of the nodes' API user bal, for --from-node and for diagnose to ask each node "
                    + "its health-check port (default: env HANODE_ADMIN_PASSWORD)")
    String password;

    @Option(names = "--node-cacert", paramLabel = "FILE",
            description = "trust this PEM certificate for the nodes' APIs (a node's data-dir/node-cert.pem)")
    String caCert;

    @Option(names = "--insecure-node-api", description = "do not verify the nodes' API certificates (self-signed)")
    boolean insecure;

    /** What keeps a node from being asked, naming the flag that gives it; empty when nothing does. */
    Optional<String> missing() {
        if (password == null || password.isEmpty()) {
            return Optional.of("no node API password (give --node-password or set HANODE_ADMIN_PASSWORD)");
        }
        if (!insecure && caCert == null) {
            return Optional.of("its certificate is self-signed: give --node-cacert DATA_DIR/node-cert.pem, or "
                    + "--insecure-node-api to skip verification");
        }
        return Optional.empty();
    }

    /** One GET to a node's API; check {@link #missing()} first. */
    NodeApiClient.Response get(URI node, String path, Duration timeout) throws IOException {
        return NodeApiClient.send("GET", node, path, password, caCert, insecure, timeout);
    }
}
