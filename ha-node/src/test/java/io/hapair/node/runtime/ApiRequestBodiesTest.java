package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.http.LogCapture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies the API must not read: unauthenticated, past their route's limit, multipart. */
class ApiRequestBodiesTest {

    private static final String HOST = "127.0.71.10";
    private static final String ATTACKER = "127.0.71.11";
    private static final String OPERATOR = "127.0.71.12";
    private static final int SIXTEEN_MIB = 16 * 1024 * 1024;
    // Vert.x BodyHandler's default, relative to the working directory.
    private static final Path UPLOADS = Path.of("file-uploads");

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void startNode() throws Exception {
        node = ApiTestNode.start(HOST, dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        node.close();
    }

    private RawHttps connect(String from) throws Exception {
        return new RawHttps(HOST, node.config.apiPort(), from);
    }

    private static String post(String path, String... headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n" + String.join("", Stream.of(headers)
                .map(h -> h + "\r\n").toList()) + "\r\n";
    }

    private static String basic() {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(("bal:" + ApiTestNode.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aClientThatSendsItsWholeSmallBodyBeforeReadingStillGetsTheRefusal() throws Exception {
        try (RawHttps upload = connect(OPERATOR)) {
            byte[] body = new byte[256 * 1024];
            upload.send(post("/api/v1/settings/import", "Content-Type: application/json",
                    "Content-Length: " + body.length));
            upload.send(body);

            assertThat(upload.head()).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
            assertThat(upload.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnauthenticatedUploadIsRefusedBeforeItsBodyIsSentAndItsConnectionClosed() throws Exception {
        try (RawHttps upload = connect(ATTACKER)) {
            upload.send(post("/api/v1/settings/import", "Content-Type: application/json",
                    "Content-Length: " + SIXTEEN_MIB));

            String head = upload.head();

            assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close")
                    .contains("X-Frame-Options: DENY");
            assertThat(upload.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyLongerThanItsRouteTakesIsRefusedByItsLengthBeforeItIsSent() throws Exception {
        try (RawHttps upload = connect(OPERATOR)) {
            upload.send(post("/api/v1/virtual-services", basic(), "Content-Type: application/json",
                    "Content-Length: " + (64 * 1024 + 1)));

            String head = upload.head();

            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(upload.closedByServer()).isTrue();
        }
    }

    /** Streams {@code total} bytes as chunks; answers how many were sent before the server stopped taking them. */
    private static long streamChunks(RawHttps upload, long total) {
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        long sent = 0;
        try {
            while (sent < total) {
                upload.send(chunk);
                sent += 0x10000;
            }
        } catch (IOException closed) {
            return sent;
        }
        return sent;
    }

    @Test
    void aChunkedBodyPastItsLimitStopsBeingReadAndItsConnectionIsClosed() throws Exception {
        long total = 64L * 1024 * 1024;
        try (RawHttps upload = connect(OPERATOR)) {
            upload.send(post("/api/v1/virtual-services", basic(), "Content-Type: application/json",
                    "Transfer-Encoding: chunked"));
            Future<Long> sent = threads.submit(() -> streamChunks(upload, total));

            String head = upload.head();

            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(upload.closedByServer()).isTrue();
            assertThat(sent.get(30, TimeUnit.SECONDS)).isLessThan(total);
        }
    }

    @Test
    void theApiAnswersWhileManyUnauthenticatedUploadsStreamAndEachIsCutOff() throws Exception {
        List<Future<Long>> uploads = new ArrayList<>();
        List<RawHttps> connections = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RawHttps upload = connect(ATTACKER);
            connections.add(upload);
            upload.send(post("/api/v1/settings/import", "Content-Type: application/json", "Transfer-Encoding: chunked"));
            uploads.add(threads.submit(() -> streamChunks(upload, SIXTEEN_MIB)));
        }
        WebClient client = node.clientFrom(OPERATOR);
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(node.request(client, HttpMethod.GET, "/api/v1/ha/status").send().await(30, TimeUnit.SECONDS)
                    .statusCode());
        }

        assertThat(answers).containsOnly(200);
        for (Future<Long> upload : uploads) {
            assertThat(upload.get(60, TimeUnit.SECONDS)).isLessThan(SIXTEEN_MIB);
        }
        for (RawHttps c : connections) {
            c.close();
        }
    }

    private static long uploadedFiles() throws IOException {
        if (!Files.isDirectory(UPLOADS)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(UPLOADS)) {
            return files.count();
        }
    }

    @Test
    void multipartUploadsAreRefusedAndNothingIsWrittenToDisk() throws Exception {
        long before = uploadedFiles();
        String boundary = "hapair-test-boundary";
        Buffer form = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\""
                + "\r\nContent-Type: text/plain\r\n\r\n" + "payload ".repeat(1000) + "\r\n--" + boundary + "--\r\n");
        WebClient client = node.clientFrom(ATTACKER);
        Callable<HttpResponse<Buffer>> unauthenticated = () -> client.request(HttpMethod.POST, node.config.apiPort(),
                HOST, "/api/v1/settings/import").putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .sendBuffer(form).await(30, TimeUnit.SECONDS);
        Callable<HttpResponse<Buffer>> authenticated = () -> node.request(client, HttpMethod.POST,
                "/api/v1/settings/import").putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .sendBuffer(form).await(30, TimeUnit.SECONDS);

        assertThat(unauthenticated.call().statusCode()).isEqualTo(401);
        HttpResponse<Buffer> refused = authenticated.call();
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.bodyAsJsonObject().getString("error")).contains("application/json");
        assertThat(uploadedFiles()).isEqualTo(before);
    }

    @Test
    void malformedRequestsAreNeverAnsweredAsServerFaults() throws Exception {
        try (RawHttps badChunk = connect(OPERATOR)) {
            badChunk.send(post("/api/v1/virtual-services", basic(), "Content-Type: application/json",
                    "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n");
            assertThat(badChunk.head()).doesNotStartWith("HTTP/1.1 5");
        }
        try (RawHttps badEscape = connect(OPERATOR); LogCapture logs = new LogCapture()) {
            badEscape.send("GET /api/v1/virtual-services/%ZZ HTTP/1.1\r\nHost: " + HOST + "\r\n" + basic() + "\r\n\r\n");
            assertThat(badEscape.head()).startsWith("HTTP/1.1 400");
            assertThat(logs.events()).as("a client's broken escape is no fault of the node's")
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        }
    }
}
