package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.validation.FieldError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HA parameters routes do their file I/O on worker threads, never on the event loop. */
class HaParamsRoutesTest {

    private static final String HOST = "127.0.47.1";

    private final Vertx vertx = Vertx.vertx();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private WebClient client;
    private int port;
    private HttpServer server;

    private String where() {
        return Context.isOnEventLoopThread() ? "event loop" : Context.isOnWorkerThread() ? "worker" : "other";
    }

    @BeforeEach
    void start() throws Exception {
        HaParamsRoutes routes = new HaParamsRoutes(vertx, () -> {
            threads.add("read on " + where());
            return new JsonObject().put("running", new JsonObject());
        }, body -> {
            threads.add("save on " + where());
            return body.containsKey("colour") ? List.of(new FieldError("colour", "colour is not an HA parameter")) : List.of();
        });
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/api/v1/ha/params").handler(routes::get);
        router.put("/api/v1/ha/params").handler(routes::put);
        port = TestPorts.free(HOST);
        server = vertx.createHttpServer().requestHandler(router).listen(port, HOST).await(30, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void readingAndSavingRunOnWorkerThreads() throws Exception {
        HttpResponse<Buffer> get = client.get(port, HOST, "/api/v1/ha/params").send().await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> put = client.put(port, HOST, "/api/v1/ha/params")
                .sendJsonObject(new JsonObject().put("partner", "10.0.0.5")).await(30, TimeUnit.SECONDS);

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.bodyAsJsonObject().getBoolean("restartRequired")).isTrue();
        assertThat(threads).containsExactly("read on worker", "save on worker", "read on worker");
    }

    @Test
    void fieldErrorsFromASaveAreA400() throws Exception {
        HttpResponse<Buffer> put = client.put(port, HOST, "/api/v1/ha/params")
                .sendJsonObject(new JsonObject().put("colour", "blue")).await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> notJson = client.put(port, HOST, "/api/v1/ha/params")
                .sendBuffer(Buffer.buffer("[1,2")).await(30, TimeUnit.SECONDS);

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.bodyAsJsonObject().getJsonArray("errors").encode()).contains("colour is not an HA parameter");
        assertThat(notJson.statusCode()).isEqualTo(400);
    }
}
