package io.hapair.node.runtime;

import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link ApiTestNode} for tests in other packages, such as the CLI's: a standalone node in this JVM
 * and what a client of its API needs (URL, password, certificate file).
 */
public final class RunningApiNode implements AutoCloseable {

    public static final String PASSWORD = ApiTestNode.PASSWORD;

    private final ApiTestNode node;
    private final Path dataDir;

    private RunningApiNode(ApiTestNode node, Path dataDir) {
        this.node = node;
        this.dataDir = dataDir;
    }

    public static RunningApiNode start(String host, Path dataDir) throws Exception {
        return new RunningApiNode(ApiTestNode.start(host, dataDir), dataDir);
    }

    /** The API's base URL, e.g. https://127.20.61.1:40123. */
    public String url() {
        return "https://" + node.host + ":" + node.config.apiPort();
    }

    /** The node's self-signed certificate, which clients trust by file. */
    public Path certificate() {
        return NodeCertificate.ensure(null, null, dataDir, "solo", List.of(node.host)).certPath();
    }

    /** Writes settings through the API: POST creates a document, PUT stores a singleton, DELETE (null) clears one. */
    public HttpResponse<Buffer> send(HttpMethod method, String type, JsonObject document) throws Exception {
        WebClient client = node.client();
        try {
            HttpRequest<Buffer> request = node.request(client, method, "/api/v1/" + type);
            return (document == null ? request.send() : request.sendJsonObject(document)).await(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}
