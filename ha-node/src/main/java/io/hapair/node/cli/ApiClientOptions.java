package io.hapair.node.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the CLI reaches a node's API: URL, password, and how to trust its certificate. */
final class ApiClientOptions {

    // A switchover waits for the handover; thirty seconds cover it with room to spare.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--url", paramLabel = "URL", defaultValue = "https://127.0.0.1:8443",
            description = "The node's API, e.g. https://10.0.0.4:8443 or through the balancer's NAT port 8441 (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:HANODE_ADMIN_PASSWORD}",
            description = "Password of user bal (default: env HANODE_ADMIN_PASSWORD)")
    String password;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust this PEM certificate (the node's data-dir/node-cert.pem)")
    String caCert;

    @Option(names = "--insecure", description = "Do not verify the node's certificate (self-signed)")
    boolean insecure;

    /** Why a command could not get an answer, and the exit code for it. */
    static final class Unanswered extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Unanswered(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /**
     * Sends one request and returns the response when its status is one of {@code expected};
     * otherwise throws {@link Unanswered} with a readable message and the exit code (2 bad input, 1 otherwise).
     */
    NodeApiClient.Response expect(String method, String path, int... expected) throws Unanswered {
        return expect(method, path, null, expected);
    }

    /** As {@link #expect(String, String, int...)}, sending {@code json} as the body (none when null). */
    NodeApiClient.Response expect(String method, String path, String json, int... expected) throws Unanswered {
        NodeApiClient.Response response;
        try {
            response = call(method, path, json);
        } catch (IllegalArgumentException e) {
            throw new Unanswered(HaNodeCommand.EXIT_BAD_INPUT, e.getMessage());
        } catch (Exception e) {
            throw new Unanswered(1, "cannot reach " + url + ": " + e.getMessage());
        }
        for (int code : expected) {
            if (response.statusCode() == code) {
                return response;
            }
        }
        String detail = "";
        if (response.statusCode() == 401) {
            detail = " (wrong password?)";
        } else {
            try {
                String error = response.bodyAsJsonObject().getString("error");
                detail = error != null ? ": " + error : "";
            } catch (RuntimeException notJson) {
                detail = "";
            }
        }
        throw new Unanswered(1, url + " answered " + response.statusCode() + detail);
    }

    /** Sends one request and returns the response; throws with a readable message when it cannot. */
    NodeApiClient.Response call(String method, String path, String json) throws Exception {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--password is missing: give the password of user bal, or set HANODE_ADMIN_PASSWORD");
        }
        if (!insecure && caCert == null) {
            throw new IllegalArgumentException("the node's certificate is self-signed: give --cacert DATA_DIR/node-cert.pem, "
                    + "or --insecure to skip verification");
        }
        return NodeApiClient.send(method, URI.create(url), path, password, caCert, insecure, REQUEST_TIMEOUT, json);
    }
}
