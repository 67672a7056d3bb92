package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.cloud.run.CloudProviders;
import io.hapair.node.TrustAllTls;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.settings.TestCertificates;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate the web UI and API present: the stored administration certificate, else the node's own. */
class AdminCertificateTest {

    private static final String HOST = "127.0.3.31";

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private WebClient client;

    @BeforeEach
    void startNode() throws Exception {
        // Health measured every second, so that the administration certificate's input follows what is stored at once.
        node = ApiTestNode.start(HOST, dataDir, Map.of(ConfigKey.HEALTH_CHECK_INTERVAL, "1s"), CloudProviders::named);
        client = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void newConnectionsGetTheStoredAdministrationCertificateAndTheNodesOwnAgainOnceItIsCleared() throws Exception {
        X509Certificate own = presented();
        X509Certificate admin = first(TestCertificates.RSA_LEAF.chainPem());
        assertThat(own).isNotEqualTo(admin);

        HttpResponse<Buffer> stored = put(new JsonObject().put("certificateChain", TestCertificates.RSA_LEAF.chainPem())
                .put("privateKey", TestCertificates.RSA_LEAF.keyPem()));
        assertThat(stored.statusCode()).as(stored.bodyAsString()).isIn(200, 201);
        await("the administration certificate on a new connection").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(presented()).isEqualTo(admin));

        HttpResponse<Buffer> cleared = put(new JsonObject());
        assertThat(cleared.statusCode()).as(cleared.bodyAsString()).isEqualTo(200);
        await("the node's own certificate again").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(presented()).isEqualTo(own));
    }

    @Test
    void aStoredAdministrationCertificatesExpiryIsAHealthInputInStatusUntilItIsCleared() throws Exception {
        assertThat(healthInput("admin-certificate")).as("none stored").isNull();
        X509Certificate admin = first(TestCertificates.RSA_LEAF.chainPem());
        long days = Math.floorDiv(admin.getNotAfter().getTime() - System.currentTimeMillis(), 86_400_000L);

        HttpResponse<Buffer> stored = put(new JsonObject().put("certificateChain", TestCertificates.RSA_LEAF.chainPem())
                .put("privateKey", TestCertificates.RSA_LEAF.keyPem()));
        assertThat(stored.statusCode()).as(stored.bodyAsString()).isIn(200, 201);
        await("the administration certificate's input").atMost(Duration.ofSeconds(15))
                .until(() -> healthInput("admin-certificate") != null);
        JsonObject input = healthInput("admin-certificate");
        assertThat(input.getString("value")).isEqualTo("expires in " + days + " day(s)");
        assertThat(input.getString("level")).isEqualTo("normal");

        HttpResponse<Buffer> cleared = put(new JsonObject());
        assertThat(cleared.statusCode()).as(cleared.bodyAsString()).isEqualTo(200);
        await("no input once cleared").atMost(Duration.ofSeconds(15))
                .until(() -> healthInput("admin-certificate") == null);
    }

    @Test
    void aCertificateWithAnotherKeyIsRefusedAndTheNodeKeepsPresentingItsOwn() throws Exception {
        X509Certificate own = presented();

        HttpResponse<Buffer> refused = put(new JsonObject().put("certificateChain", TestCertificates.RSA_LEAF.chainPem())
                .put("privateKey", TestCertificates.EC_LEAF.keyPem()));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsString()).contains("privateKey");
        assertThat(presented()).isEqualTo(own);
    }

    private HttpResponse<Buffer> put(JsonObject document) throws Exception {
        return node.request(client, HttpMethod.PUT, "/api/v1/admin-certificate").sendJsonObject(document)
                .await(30, TimeUnit.SECONDS);
    }

    /** The HA status API's health input {@code name}, null when the node has none by that name. */
    private JsonObject healthInput(String name) throws Exception {
        JsonObject status = node.request(client, HttpMethod.GET, "/api/v1/ha/status").send().await(30, TimeUnit.SECONDS)
                .bodyAsJsonObject();
        return status.getJsonObject("health").getJsonArray("inputs").stream().map(JsonObject.class::cast)
                .filter(i -> name.equals(i.getString("name"))).findFirst().orElse(null);
    }

    /** The certificate a new TLS connection to the API gets, whoever issued it. */
    private X509Certificate presented() throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustAllTls.context().getSocketFactory()
                .createSocket(HOST, node.config.apiPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate first(String chainPem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
    }
}
