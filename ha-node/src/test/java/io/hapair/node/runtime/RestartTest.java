package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The restart page answers first, then runs the restart the runtime handed in, off the event loop. */
class RestartTest {

    private static final String HOST = "127.0.73.1";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void restartAnswers202AndRunsTheHandedInRestartOffTheEventLoop() throws Exception {
        CompletableFuture<Boolean> ranOnEventLoop = new CompletableFuture<>();
        Router router = Router.router(vertx);
        router.post("/api/v1/node/restart").handler(
                new Restart(() -> ranOnEventLoop.complete(Context.isOnEventLoopThread()))::handle);
        int port = TestPorts.free(HOST);
        vertx.createHttpServer().requestHandler(router).listen(port, HOST).await(10, TimeUnit.SECONDS);

        HttpResponse<Buffer> r = WebClient.create(vertx).post(port, HOST, "/api/v1/node/restart").send()
                .await(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getBoolean("restarting")).isTrue();
        assertThat(ranOnEventLoop.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
