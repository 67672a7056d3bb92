package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.PemTrust;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hanode demo} as the README tells a newcomer to run it: the demo's virtual service answers from a
 * real server through the ILB simulator and the active node's HAProxy, and after {@code kill 1} through
 * node 2. Driven through the demo's console like a person typing.
 */
class DemoTest {

    // The demo's fixed addresses and ports (DemoPair): loopback addresses no other test uses.
    private static final List<String> DEMO_ENDPOINTS = List.of("127.0.0.1:8443", "127.0.0.2:8443", "127.0.0.1:8444",
            "127.0.0.2:8444", "127.0.0.10:8444", "127.0.0.10:8080", "127.0.0.1:8080", "127.0.0.2:8080",
            "127.0.0.21:8080", "127.0.0.22:8080", "127.0.0.1:6973", "127.0.0.2:6973");
    private static final Pattern PASSWORD = Pattern.compile("user bal, password: (\\S+)");
    private static final Pattern FOLDER = Pattern.compile("ha-pair demo \\((\\S+)\\)");

    private final List<String> console = new CopyOnWriteArrayList<>();
    private Process demo;

    @AfterEach
    void quit() throws Exception {
        if (demo != null && demo.isAlive()) {
            type("quit");
            if (!demo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void theDemosVirtualServiceAnswersThroughTheActiveNodeAndAfterKill1ThroughNode2() throws Exception {
        for (String endpoint : DEMO_ENDPOINTS) {
            assertFree(endpoint);
        }
        ProcessBuilder builder = new ProcessBuilder(HanodeJar.command(HanodeJar.launcherJvmOptions(), List.of("demo")))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_"));
        demo = builder.start();
        Thread reader = new Thread(this::readConsole, "demo-console");
        reader.setDaemon(true);
        reader.start();

        await("the demo's virtual service created").atMost(Duration.ofSeconds(90))
                .until(() -> printed("demo: virtual service web"));
        List<List<String>> nodeCommands = demo.descendants().map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.contains("-jar")).toList();
        assertThat(nodeCommands).as("the demo's two node JVMs").hasSize(2)
                .allSatisfy(args -> assertThat(args).as("an out-of-memory node exits, for its partner to take over")
                        .contains("-XX:+ExitOnOutOfMemoryError"));
        await("an answer through the ILB rule on 8080").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("http://127.0.0.10:8080/").startsWith("real server"));
        String before = get("http://127.0.0.10:8080/");
        long node2SessionsBefore = node2Sessions();
        type("kill 1");
        // Until the ILB has seen node 2 up, it may still send a new flow to node 1's address, where the HAProxy of
        // the killed node serves on: a -9 kills the node's JVM, not its data plane.
        await("node 2 active and up at the ILB").atMost(Duration.ofSeconds(30))
                .until(() -> printed("node-2 (127.0.0.2): ACTIVE") && printed("ILB: node-2 up"));
        await("an answer through the ILB rule after kill 1").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("http://127.0.0.10:8080/").startsWith("real server"));
        String after = get("http://127.0.0.10:8080/");

        assertThat(before).matches("real server real-[12] \\(127\\.0\\.0\\.2[12]:8080\\) answered GET /\\n");
        assertThat(after).matches("real server real-[12] \\(127\\.0\\.0\\.2[12]:8080\\) answered GET /\\n");
        assertThat(node2Sessions()).as("node 2's HAProxy carried the requests after kill 1")
                .isGreaterThan(node2SessionsBefore);
        assertThat(console).anyMatch(l -> l.contains("curl http://127.0.0.10:8080/"));
    }

    /** Client connections node 2's data plane took for the demo's service, from its API. */
    private long node2Sessions() throws Exception {
        String password = first(PASSWORD);
        Path node2 = Path.of(first(FOLDER)).resolve("node-2");
        HttpClient api = HttpClient.newBuilder().sslContext(PemTrust.context(node2.resolve("node-cert.pem")))
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create("https://127.0.0.2:8443/api/v1/data-plane"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("bal:" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonArray services = new JsonObject(r.body()).getJsonArray("services");
        return services.stream().map(JsonObject.class::cast).filter(vs -> vs.getString("name").equals("web"))
                .mapToLong(vs -> vs.getLong("totalSessions")).sum();
    }

    private String first(Pattern pattern) {
        return console.stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("the demo did not print " + pattern + ":\n" + console));
    }

    /** A new connection each time, as curl makes: a kept-alive one would stay with the node it first reached. */
    private String get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private boolean printed(String text) {
        return console.stream().anyMatch(l -> l.contains(text));
    }

    private void type(String command) throws IOException {
        OutputStream in = demo.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void readConsole() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                console.add(line);
            }
        } catch (IOException e) {
            console.add("(console closed: " + e.getMessage() + ")");
        }
    }

    private static void assertFree(String endpoint) throws IOException {
        String[] hostPort = endpoint.split(":");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        } catch (IOException e) {
            throw new AssertionError(endpoint + ", which the demo uses, is taken on this machine (" + e.getMessage()
                    + "); stop what holds it (another demo?) and run again");
        }
    }
}
