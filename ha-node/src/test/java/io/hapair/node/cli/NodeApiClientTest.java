package io.hapair.node.cli;

import io.hapair.node.TestPorts;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CLI's one request to a node: trusts the node's certificate by file, not by the name in it, over
 * HTTPS on 127.20.83.1 (a certificate naming only localhost and 10.9.9.9).
 */
class NodeApiClientTest {

    private static final String HOST = "127.20.83.1";
    private static final String PASSWORD = "pw-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static HttpServer server;
    private static URI node;
    private static String nodeCert;
    private static String otherCert;

    @BeforeAll
    static void startServer() throws Exception {
        NodeCertificate cert = NodeCertificate.ensure(null, null, dir.resolve("node"), "elsewhere", List.of("10.9.9.9"));
        nodeCert = cert.certPath().toString();
        otherCert = NodeCertificate.ensure(null, null, dir.resolve("other"), "other", List.of(HOST)).certPath().toString();
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString(("bal:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(nodeCert).setKeyPath(cert.keyPath().toString())))
                .requestHandler(request -> {
                    if (!expected.equals(request.getHeader("Authorization"))) {
                        request.response().setStatusCode(401).end();
                    } else {
                        request.response().setStatusCode(request.method().name().equals("POST") ? 202 : 200)
                                .end("{\"method\":\"" + request.method().name() + "\",\"path\":\"" + request.path() + "\"}");
                    }
                })
                .listen(TestPorts.free(HOST), HOST).await(10, TimeUnit.SECONDS);
        node = URI.create("https://" + HOST + ":" + server.actualPort());
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void trustsTheNodesCertificateFileThoughItNamesAnotherHost() throws IOException {
        NodeApiClient.Response response = NodeApiClient.send("GET", node, "/api/v1/ha/status", PASSWORD, nodeCert,
                false, TIMEOUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getString("path")).isEqualTo("/api/v1/ha/status");
    }

    @Test
    void postsWithoutBodyAndReturnsTheStatusAsAnswered() throws IOException {
        NodeApiClient.Response response = NodeApiClient.send("POST", node, "/api/v1/ha/switchover", PASSWORD, nodeCert,
                false, TIMEOUT);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.bodyAsJsonObject().getString("method")).isEqualTo("POST");
    }

    @Test
    void wrongPasswordIsAnAnswerNotAFailure() throws IOException {
        NodeApiClient.Response response = NodeApiClient.send("GET", node, "/x", "wrong", null, true, TIMEOUT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject()).isNull();
    }

    @Test
    void insecureTrustsAnyCertificate() throws IOException {
        assertThat(NodeApiClient.send("GET", node, "/x", PASSWORD, null, true, TIMEOUT).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherCertificateIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> NodeApiClient.send("GET", node, "/x", PASSWORD, otherCert, false, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("its certificate is not the one in " + otherCert);
    }

    @Test
    void unreadableCertificateFileIsNamed() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThatThrownBy(() -> NodeApiClient.send("GET", node, "/x", PASSWORD, dir.resolve("missing.pem").toString(),
                false, TIMEOUT)).isInstanceOf(IOException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> NodeApiClient.send("GET", node, "/x", PASSWORD, notPem.toString(), false, TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("not.pem");
    }

    @Test
    void refusedConnectionSaysSoWithTheAddress() {
        int closed = TestPorts.free(HOST);

        assertThatThrownBy(() -> NodeApiClient.send("GET", URI.create("https://" + HOST + ":" + closed), "/x",
                PASSWORD, null, true, TIMEOUT))
                .isInstanceOf(IOException.class).hasMessage("Connection refused: " + HOST + ":" + closed);
    }
}
