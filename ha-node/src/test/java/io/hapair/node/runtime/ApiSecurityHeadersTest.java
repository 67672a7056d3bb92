package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer of the UI and API tells browsers to treat it strictly, errors included. */
class ApiSecurityHeadersTest {

    private static final String HOST = "127.0.71.20";

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private WebClient client;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start(HOST, dataDir);
        client = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private record Case(String path, boolean authenticated, int status) {
    }

    @Test
    void pagesApiAnswersAndRefusalsCarryTheSecurityHeaders() throws Exception {
        for (Case c : List.of(new Case("/ui/login.html", false, 200), new Case("/ui/app.js", false, 200),
                new Case("/api/v1/ha/status", true, 200), new Case("/api/v1/ha/status", false, 401),
                new Case("/metrics", false, 401))) {
            HttpResponse<Buffer> r = (c.authenticated() ? node.request(client, HttpMethod.GET, c.path())
                    : client.request(HttpMethod.GET, node.config.apiPort(), HOST, c.path())).send()
                    .await(30, TimeUnit.SECONDS);

            assertThat(r.statusCode()).as(c.toString()).isEqualTo(c.status());
            assertThat(r.getHeader("Content-Security-Policy")).as(c.toString()).contains("default-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.getHeader("X-Frame-Options")).as(c.toString()).isEqualTo("DENY");
            assertThat(r.getHeader("Strict-Transport-Security")).as(c.toString()).startsWith("max-age=");
            assertThat(r.getHeader("X-Content-Type-Options")).as(c.toString()).isEqualTo("nosniff");
            assertThat(r.getHeader("Referrer-Policy")).as(c.toString()).isEqualTo("no-referrer");
        }
    }
}
