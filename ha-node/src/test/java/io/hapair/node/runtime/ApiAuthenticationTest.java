package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.http.LogCapture;
import io.hapair.node.http.LoginThrottle;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords sent to the API, right, wrong or malformed, over HTTP Basic and the UI's login form. */
class ApiAuthenticationTest {

    private static final String HOST = "127.0.71.1";
    // The guesser's address, and another one that the throttle must not touch.
    private static final String GUESSER = "127.0.71.2";
    private static final String OPERATOR = "127.0.71.3";

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private WebClient guesser;
    private WebClient operator;

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start(HOST, dataDir);
        guesser = node.clientFrom(GUESSER);
        operator = node.clientFrom(OPERATOR);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
        return request.send().await(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> status(WebClient client, String password) throws Exception {
        return send(client.request(HttpMethod.GET, node.config.apiPort(), HOST, "/api/v1/ha/status")
                .basicAuthentication("bal", password));
    }

    private HttpResponse<Buffer> uiLogin(WebClient client, String password) throws Exception {
        return client.request(HttpMethod.POST, node.config.apiPort(), HOST, "/ui/login")
                .sendJsonObject(new JsonObject().put("user", "bal").put("password", password))
                .await(10, TimeUnit.SECONDS);
    }

    private String metrics() throws Exception {
        return send(node.request(operator, HttpMethod.GET, "/metrics")).bodyAsString();
    }

    @Test
    void afterFiveWrongBasicPasswordsEvenTheRightOneGets429UntilTheWindowPasses() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
                assertThat(status(guesser, "guess-" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<Buffer> right = status(guesser, ApiTestNode.PASSWORD);

            assertThat(right.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(right.getHeader("Retry-After"))).isBetween(1L, 60L);
            assertThat(right.bodyAsJsonObject().getString("error")).contains("too many failed logins from " + GUESSER);
            assertThat(status(operator, ApiTestNode.PASSWORD).statusCode()).isEqualTo(200);
            assertThat(logs.lines()).filteredOn(l -> l.contains("failed basic login as 'bal' from " + GUESSER))
                    .hasSize(LoginThrottle.MAX_FAILURES);
        }
        assertThat(metrics()).contains("hanode_auth_failures_total{method=\"basic\"} 5.0")
                .contains("hanode_auth_throttled_total{method=\"basic\"} 1.0")
                .contains("hanode_auth_failures_total{method=\"ui\"} 0.0");
    }

    @Test
    void basicAndUiLoginFailuresAddUpInOneThrottle() throws Exception {
        for (int i = 0; i < 3; i++) {
            status(guesser, "guess-" + i);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(uiLogin(guesser, "guess-" + i).statusCode()).isEqualTo(401);
        }

        assertThat(uiLogin(guesser, ApiTestNode.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(status(guesser, ApiTestNode.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(uiLogin(operator, ApiTestNode.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("hanode_auth_failures_total{method=\"basic\"} 3.0")
                .contains("hanode_auth_failures_total{method=\"ui\"} 2.0")
                .contains("hanode_auth_throttled_total{method=\"ui\"} 1.0")
                .contains("hanode_auth_throttled_total{method=\"basic\"} 1.0");
    }

    @Test
    void malformedBasicCredentialsGet400SayingWhatToSendAndLogNoStackTrace() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (String header : new String[] {"Basic !!!!", "Basic", "Basic YWJj", "basic %%"}) {
                HttpResponse<Buffer> r = send(guesser.request(HttpMethod.GET, node.config.apiPort(), HOST,
                        "/api/v1/ha/status").putHeader("Authorization", header));

                assertThat(r.statusCode()).as(header).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("error")).as(header)
                        .contains("Authorization header is not HTTP Basic credentials").contains("base64 of bal:password");
            }
            assertThat(logs.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        }
    }

    @Test
    void aRequestWithoutCredentialsIsChallengedAndNotCountedAsAFailure() throws Exception {
        HttpResponse<Buffer> r = send(guesser.request(HttpMethod.GET, node.config.apiPort(), HOST, "/api/v1/ha/status"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"ha-pair\"");
        assertThat(metrics()).contains("hanode_auth_failures_total{method=\"basic\"} 0.0");
    }
}
