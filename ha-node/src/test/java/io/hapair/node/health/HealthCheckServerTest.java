package io.hapair.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.role.Activity;
import io.hapair.node.role.HaMode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckServerTest {

    private static final String HOST = "127.0.3.20";
    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<Activity> activity = new AtomicReference<>(Activity.ACTIVE);
    private final List<String> probes = new CopyOnWriteArrayList<>();
    private final int port = TestPorts.free(HOST);
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        vertx.deployVerticle(new HealthCheckServer(HOST, port, HaMode.SLAVE, activity::get,
                (source, active) -> probes.add(source + "=" + active))).await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private record Answer(int statusCode, String contentType, String body) {
    }

    private Answer call(HttpMethod method, String path) throws Exception {
        return client.request(method, port, HOST, path)
                .compose(req -> req.send().compose((HttpClientResponse r) -> r.body()
                        .map(b -> new Answer(r.statusCode(), r.getHeader("Content-Type"), b.toString()))))
                .await(5, TimeUnit.SECONDS);
    }

    @Test
    void activeNodeAnswers200WithItsRoleAsPlainText() throws Exception {
        Answer r = call(HttpMethod.GET, "/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("Slave is active");
    }

    @Test
    void standbyNodeAnswers503AndDisclosesNothing() throws Exception {
        activity.set(Activity.STANDBY);
        Answer r = call(HttpMethod.GET, "/");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void headIsAnsweredLikeGet() throws Exception {
        assertThat(call(HttpMethod.HEAD, "/").statusCode()).isEqualTo(200);
        activity.set(Activity.STANDBY);
        assertThat(call(HttpMethod.HEAD, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void otherPathsAndMethodsAreNotProbes() throws Exception {
        assertThat(call(HttpMethod.GET, "/status").statusCode()).isEqualTo(404);
        assertThat(call(HttpMethod.POST, "/").statusCode()).isEqualTo(405);
        assertThat(probes).isEmpty();
    }

    @Test
    void everyProbeIsReportedWithItsSourceAndAnswer() throws Exception {
        call(HttpMethod.GET, "/");
        activity.set(Activity.STANDBY);
        call(HttpMethod.GET, "/");

        assertThat(probes).containsExactly("127.0.0.1=true", "127.0.0.1=false");
    }

    @Test
    void answerBodyNamesTheConfiguredMode() throws Exception {
        assertThat(HealthCheckServer.bodyFor(HaMode.MASTER)).isEqualTo("Master is active");
        assertThat(HealthCheckServer.bodyFor(HaMode.SLAVE)).isEqualTo("Slave is active");
    }
}
