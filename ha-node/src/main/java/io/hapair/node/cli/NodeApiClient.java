package io.hapair.node.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One request to a node's REST API as its one user, bal, trusting the node's (self-signed)
 * certificate as told: a PEM file, or no verification at all. Callers check their own flags first,
 * so that errors name them.
 */
final class NodeApiClient {

    static final String USER = "bal";

    // A node that does not even accept the connection within this is down or filtered.
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private NodeApiClient() {
    }

    /**
     * @param node    the API's base, e.g. https://10.0.1.4:8443
     * @param caCert  PEM file to trust; ignored when {@code insecure}
     * @param timeout how long the whole request may take
     */
    static HttpResponse<Buffer> send(HttpMethod method, URI node, String path, String password, String caCert,
                                     boolean insecure, Duration timeout) throws Exception {
        WebClientOptions options = new WebClientOptions().setSsl("https".equals(node.getScheme()))
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(30);
        // The certificate names the node's hostname, not the address it is reached on: trust, don't match.
        if (insecure) {
            options.setTrustAll(true).setVerifyHost(false);
        } else {
            options.setTrustOptions(new PemTrustOptions().addCertPath(caCert)).setVerifyHost(false);
        }
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, options);
            int port = node.getPort() > 0 ? node.getPort() : 443;
            return client.request(method, port, node.getHost(), path).basicAuthentication(USER, password)
                    .timeout(timeout.toMillis()).send().await(timeout.toSeconds() + 5, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }
}
