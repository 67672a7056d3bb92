package io.hapair.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {

    private static final String HOST = "127.0.71.30";
    private final Vertx vertx = Vertx.vertx();
    private final int port = TestPorts.free(HOST);

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Socket connectFrom(String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(HOST, port), 5_000);
        socket.setSoTimeout(2_000);
        return socket;
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void connectionsPastTheTotalAreClosedAndAPlaceFreesWhenOneCloses() throws Exception {
        new ConnectionLimit("test", 2, 2).applyTo(vertx.createHttpServer(new HttpServerOptions()
                .setHttp2ClearTextEnabled(false))).requestHandler(r -> r.response().end()).listen(port, HOST)
                .await(10, TimeUnit.SECONDS);
        try (Socket a = connectFrom("127.0.71.31"); Socket b = connectFrom("127.0.71.32")) {
            try (Socket third = connectFrom("127.0.71.33")) {
                assertThat(closedByServer(third)).isTrue();
            }
            assertThat(closedByServer(a)).isFalse();
            b.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket again = connectFrom("127.0.71.33")) {
                    return !closedByServer(again);
                }
            });
        }
    }
}
