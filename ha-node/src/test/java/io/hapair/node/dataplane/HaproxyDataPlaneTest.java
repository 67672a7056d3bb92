package io.hapair.node.dataplane;

import static io.hapair.node.settings.SettingsFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import io.hapair.node.TrustAllTls;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.Origin;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy run by the node: it serves the applied virtual services from real servers, reloads without
 * failing a request or cutting a connection, never applies what HAProxy refuses, restarts when killed,
 * and says why when it cannot run.
 */
class HaproxyDataPlaneTest {

    private static final String OWN = "127.0.121.1";
    private static final String RS1 = "127.0.121.11";
    private static final String RS2 = "127.0.121.12";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Vertx vertx;
    private HaproxyDataPlane plane;
    private final RealServers servers = new RealServers();
    private final List<DataPlaneHealth> healths = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private int port;
    private int serverPort;

    @BeforeEach
    void startDataPlaneAndRealServers() throws Exception {
        vertx = Vertx.vertx();
        plane = dataPlane("haproxy");
        port = TestPorts.free(OWN);
        serverPort = TestPorts.free(RS1);
        servers.start("rs1", RS1, serverPort);
        servers.start("rs2", RS2, serverPort);
        assertThat(result(plane.start(plane.render(List.of(), List.of()))).state())
                .isEqualTo(DataPlaneHealth.State.RUNNING);
    }

    @AfterEach
    void stopEverything() throws Exception {
        result(plane.stop(Duration.ZERO));
        for (AutoCloseable c : closing) {
            c.close();
        }
        servers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anAppliedServiceServesClientsFromItsRealServers() throws Exception {
        assertThat(result(plane.apply(plane.render(List.of(web()), List.of())))).isEqualTo(DataPlane.Applied.RELOADED);

        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            answeredBy.add(Http.get(OWN, port));
        }

        assertThat(answeredBy).containsExactlyInAnyOrder("rs1", "rs2");
    }

    @Test
    void applyingWhatRunsChangesNothing() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));

        assertThat(result(plane.apply(plane.render(List.of(web()), List.of())))).isEqualTo(DataPlane.Applied.UNCHANGED);
    }

    @Test
    void aNewDataPlaneStartsWithNoServicesAndApplyingNoneChangesNothing() throws Exception {
        assertThat(result(plane.apply(plane.render(List.of(), List.of())))).isEqualTo(DataPlane.Applied.UNCHANGED);
    }

    @Test
    void aRestartedNodeStartsWithWhatRanBeforeAndApplyingTheSameServicesNeedsNoReload() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        result(plane.stop(Duration.ZERO));
        HaproxyDataPlane restarted = dataPlane("haproxy");
        try {
            result(restarted.start(restarted.render(List.of(web()), List.of())));
            String master = Files.readString(dir.resolve(DataPlaneHost.PID_FILE));

            assertThat(result(restarted.apply(restarted.render(List.of(web()), List.of()))))
                    .isEqualTo(DataPlane.Applied.UNCHANGED);
            assertThat(Files.readString(dir.resolve(DataPlaneHost.PID_FILE))).isEqualTo(master);
            await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> Set.of("rs1", "rs2").contains(Http.get(OWN, port)));
        } finally {
            result(restarted.stop(Duration.ZERO));
        }
    }

    @Test
    void aReloadIsHaproxysOnlyParseOfAChangeAndHaproxyCheckNamesWhatAReloadRefuses() throws Exception {
        Path calls = dir.resolve("haproxy-calls");
        Path counting = dir.resolve("counting-haproxy");
        Files.writeString(counting, "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec haproxy \"$@\"\n");
        assertThat(counting.toFile().setExecutable(true)).isTrue();
        HaproxyDataPlane counted = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("counted", 1),
                new DataPlaneHost(OWN, Files.createDirectory(dir.resolve("counted")).toString(), Map.of()),
                counting.toString());
        try {
            result(counted.start(counted.render(List.of(), List.of())));

            assertThat(result(counted.apply(counted.render(List.of(web()), List.of()))))
                    .isEqualTo(DataPlane.Applied.RELOADED);
            assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
            assertThat(Files.readAllLines(calls)).noneMatch(call -> call.startsWith("-c "));

            VsCertificate broken = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                    TestCertificates.OTHER_EC_LEAF.keyPem());
            VirtualService https = service(with(with(with(with(webJson(), "name", "\"secure\""), "protocol",
                    "\"https\""), "port", String.valueOf(TestPorts.free(OWN))), "certificates", "[\"www\"]"));
            DataPlaneRejected rejected = rejected(counted.apply(counted.render(List.of(web(), https),
                    List.of(broken))));

            assertThat(rejected.rejections()).singleElement().satisfies(r ->
                    assertThat(r.origin()).isEqualTo(Origin.certificate("www", "certificateChain")));
            assertThat(Files.readAllLines(calls)).filteredOn(call -> call.startsWith("-c ")).hasSize(1);
            assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
        } finally {
            result(counted.stop(Duration.ZERO));
        }
    }

    @Test
    void aReloadWhoseVerdictDoesNotComeInTimeIsAskedOfTheMasterInsteadOfTakenForARefusal() throws Exception {
        // A HAProxy whose reload verdicts never reach the node (its start's does): as a verdict a machine too busy
        // gives too late, or output the node does not see. Its checks (-c) are HAProxy's own.
        Path quiet = dir.resolve("quiet-haproxy");
        Files.writeString(quiet, "#!/bin/bash\n[ \"$1\" = -c ] && exec haproxy \"$@\"\nexec haproxy \"$@\" > >(seen=; while IFS= read -r line; do case $line in"
                + " *'Loading success.'*|*'Loading failure!'*) [ -n \"$seen\" ] && continue; seen=1;; esac;"
                + " printf '%s\\n' \"$line\"; done) 2>&1\n");
        assertThat(quiet.toFile().setExecutable(true)).isTrue();
        HaproxyDataPlane silent = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("silent", 1),
                new DataPlaneHost(OWN, Files.createDirectory(dir.resolve("silent")).toString(), Map.of()),
                quiet.toString(), Duration.ofSeconds(1));
        try {
            result(silent.start(silent.render(List.of(), List.of())));

            assertThat(result(silent.apply(silent.render(List.of(web()), List.of()))))
                    .isEqualTo(DataPlane.Applied.RELOADED);
            assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");

            VsCertificate broken = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                    TestCertificates.OTHER_EC_LEAF.keyPem());
            VirtualService https = service(with(with(with(with(webJson(), "name", "\"secure\""), "protocol",
                    "\"https\""), "port", String.valueOf(TestPorts.free(OWN))), "certificates", "[\"www\"]"));
            DataPlaneRejected rejected = rejected(silent.apply(silent.render(List.of(web(), https),
                    List.of(broken))));
            assertThat(rejected.rejections()).singleElement().satisfies(r ->
                    assertThat(r.origin()).isEqualTo(Origin.certificate("www", "certificateChain")));
            assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
        } finally {
            result(silent.stop(Duration.ZERO));
        }
    }

    @Test
    void hotReloadsUnderContinuousLoadFailNoRequest() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Thread client = new Thread(() -> {
                while (loading.get()) {
                    try {
                        Http.get(OWN, port);
                        answered.incrementAndGet();
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            });
            client.start();
            clients.add(client);
        }

        int reloads = 0;
        for (int idle = 241; idle <= 250; idle++) {
            int before = answered.get();
            await().atMost(PATIENCE).until(() -> answered.get() > before + 20);
            VirtualService edited = service(with(webJson(), "idleTimeoutSeconds", String.valueOf(idle)));
            assertThat(result(plane.apply(plane.render(List.of(edited), List.of()))))
                    .isEqualTo(DataPlane.Applied.RELOADED);
            reloads++;
        }
        int before = answered.get();
        await().atMost(PATIENCE).until(() -> answered.get() > before + 20);
        loading.set(false);
        for (Thread client : clients) {
            client.join();
        }

        System.out.printf("data plane: %d reloads under load, %d requests answered, %d failed%n", reloads,
                answered.get(), failures.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void anEstablishedConnectionOutlivesReloads() throws Exception {
        int echoPort = TestPorts.free(RS1);
        closing.add(echo(RS1, echoPort));
        String tcp = echoService(echoPort);
        result(plane.apply(plane.render(List.of(service(tcp)), List.of())));

        try (Socket client = new Socket(OWN, port)) {
            client.setSoTimeout(10_000);
            PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            out.println("before");
            assertThat(in.readLine()).isEqualTo("before");

            for (int idle = 300; idle < 303; idle++) {
                VirtualService edited = service(with(tcp, "idleTimeoutSeconds", String.valueOf(idle)));
                assertThat(result(plane.apply(plane.render(List.of(edited), List.of()))))
                        .isEqualTo(DataPlane.Applied.RELOADED);
            }
            out.println("after three reloads");

            assertThat(in.readLine()).isEqualTo("after three reloads");
        }
    }

    @Test
    void aKilledMasterIsRestartedAndServesAgain() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        long killed = Long.parseLong(Files.readString(dir.resolve(DataPlaneHost.PID_FILE)).strip());

        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).until(() -> healths.stream().anyMatch(h -> h.state() == DataPlaneHealth.State.FAILED
                && h.reason().contains("haproxy exited with status") && h.reason().contains("restarting in")));
        await().atMost(PATIENCE).until(() -> plane.health().running());
        assertThat(Long.parseLong(Files.readString(dir.resolve(DataPlaneHost.PID_FILE)).strip())).isNotEqualTo(killed);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> Set.of("rs1", "rs2").contains(Http.get(OWN, port)));
    }

    @Test
    void aConfigurationHaproxyRefusesIsNeverApplied() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        String serving = Files.readString(dir.resolve(DataPlaneHost.CONFIG));
        VsCertificate broken = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                TestCertificates.OTHER_EC_LEAF.keyPem());
        VirtualService https = service(with(with(with(with(webJson(), "name", "\"secure\""), "protocol", "\"https\""),
                "port", String.valueOf(TestPorts.free(OWN))), "certificates", "[\"www\"]"));

        DataPlaneRejected rejected = rejected(plane.apply(plane.render(List.of(web(), https), List.of(broken))));

        assertThat(rejected.rejections()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo(Origin.certificate("www", "certificateChain"));
            assertThat(r.reason()).contains("inconsistencies between private key and certificate");
        });
        assertThat(Files.readString(dir.resolve(DataPlaneHost.CONFIG))).isEqualTo(serving);
        assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
    }

    @Test
    void aListenerThatCannotBindIsRefusedAndTheLastGoodConfigurationKeepsServing() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        String serving = Files.readString(dir.resolve(DataPlaneHost.CONFIG));
        ServerSocket taken = hold(OWN, TestPorts.free(OWN));
        VirtualService other = service(with(with(webJson(), "name", "\"other\""), "port",
                String.valueOf(taken.getLocalPort())));

        DataPlaneRejected rejected = rejected(plane.apply(plane.render(List.of(web(), other), List.of())));

        assertThat(rejected.rejections()).anySatisfy(r -> {
            assertThat(r.origin()).isEqualTo(Origin.service("other", "port"));
            assertThat(r.reason()).contains("cannot bind socket (Address already in use)");
        });
        assertThat(Files.readString(dir.resolve(DataPlaneHost.CONFIG))).isEqualTo(serving);
        assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
        assertThat(plane.health().running()).isTrue();
    }

    @Test
    void aDataPlaneThatCannotStartSaysWhyAndStartsOnceItCan() throws Exception {
        result(plane.apply(plane.render(List.of(web()), List.of())));
        result(plane.stop(Duration.ZERO));
        ServerSocket taken = hold(OWN, port);

        result(plane.start(plane.render(List.of(), List.of())));

        assertThat(plane.health().state()).isEqualTo(DataPlaneHealth.State.FAILED);
        assertThat(plane.health().reason()).contains("haproxy cannot start", "virtual-services/web port",
                "Address already in use", "trying again in");
        taken.close();
        await().atMost(PATIENCE).until(() -> plane.health().running());
        assertThat(Http.get(OWN, port)).isIn("rs1", "rs2");
    }

    @Test
    void aMasterLeftByAnEarlierRunOfTheNodeIsStoppedBeforeTheNewOneStarts() throws Exception {
        Path earlierDir = Files.createDirectory(dir.resolve("earlier"));
        HaproxyDataPlane restarted = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("restarted", 1),
                new DataPlaneHost(OWN, earlierDir.toString(), Map.of()), "haproxy");
        int earlierPort = TestPorts.free(OWN);
        Files.writeString(earlierDir.resolve(DataPlaneHost.CONFIG), restarted.render(List.of(service(
                with(webJson(), "port", String.valueOf(earlierPort)))), List.of()).config());
        // As a node killed with -9 leaves it: a master of the same data plane directory, no longer anyone's child.
        Process earlier = new ProcessBuilder("haproxy", "-W", "-S", earlierDir.resolve(DataPlaneHost.MASTER_SOCKET)
                .toString(), "-f", earlierDir.resolve(DataPlaneHost.CONFIG).toString(), "-p",
                earlierDir.resolve(DataPlaneHost.PID_FILE).toString()).redirectErrorStream(true)
                .redirectOutput(earlierDir.resolve("earlier.log").toFile()).start();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> Set.of("rs1", "rs2").contains(Http.get(OWN, earlierPort)));
        try {
            assertThat(result(restarted.start(restarted.render(List.of(), List.of()))).state())
                    .isEqualTo(DataPlaneHealth.State.RUNNING);

            assertThat(earlier.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(earlierDir.resolve(DataPlaneHost.PID_FILE)).strip())
                    .isNotEqualTo(Long.toString(earlier.pid()));
            assertThat(Http.get(OWN, earlierPort)).isIn("rs1", "rs2");
        } finally {
            earlier.destroyForcibly();
            result(restarted.stop(Duration.ZERO));
        }
    }

    @Test
    void withoutHaproxyTheHealthSaysHowToInstallIt() throws Exception {
        HaproxyDataPlane missing = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("missing", 1),
                new DataPlaneHost(OWN, dir.resolve("missing").toString(), Map.of()), "/nonexistent/haproxy");
        try {
            DataPlaneHealth health = result(missing.start(missing.render(List.of(), List.of())));

            assertThat(health.state()).isEqualTo(DataPlaneHealth.State.FAILED);
            assertThat(health.reason()).contains("cannot run /nonexistent/haproxy", "install HAProxy");
        } finally {
            result(missing.stop(Duration.ZERO));
        }
    }

    @Test
    void httpsPresentsTheCertificateTheClientNamesAndTheFirstToOthers() throws Exception {
        VsCertificate api = new VsCertificate("api", TestCertificates.LEAF_AND_CA.chainPem(),
                TestCertificates.LEAF_AND_CA.keyPem());
        VsCertificate www = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                TestCertificates.EC_LEAF.keyPem());
        VirtualService https = service(with(with(webJson(), "protocol", "\"https\""), "certificates",
                "[\"api\", \"www\"]"));
        result(plane.apply(plane.render(List.of(https), List.of(api, www))));

        assertThat(presented("www.example.com")).isEqualTo("CN=www.example.com");
        assertThat(presented("api.example.com")).isEqualTo("CN=api.example.com");
        assertThat(presented(null)).isEqualTo("CN=api.example.com");
    }

    @Test
    void stopLetsAnOpenConnectionFinishAndTakesNoNewOnes() throws Exception {
        int echoPort = TestPorts.free(RS1);
        closing.add(echo(RS1, echoPort));
        VirtualService tcp = service(echoService(echoPort));
        result(plane.apply(plane.render(List.of(tcp), List.of())));
        Socket client = new Socket(OWN, port);
        client.setSoTimeout(10_000);
        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        out.println("open");
        assertThat(in.readLine()).isEqualTo("open");

        Future<Void> stopped = plane.stop(PATIENCE);

        await().atMost(PATIENCE).until(() -> refused(OWN, port));
        out.println("still served");
        assertThat(in.readLine()).isEqualTo("still served");
        assertThat(stopped.isComplete()).isFalse();
        client.close();
        result(stopped);
        assertThat(plane.health().state()).isEqualTo(DataPlaneHealth.State.STOPPED);
    }

    private HaproxyDataPlane dataPlane(String executable) {
        HaproxyDataPlane dataPlane = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("dataplane-test", 1),
                new DataPlaneHost(OWN, dir.toString(), Map.of()), executable);
        dataPlane.onHealth(healths::add);
        return dataPlane;
    }

    private String webJson() {
        return """
                {"name": "web", "address": "10.0.0.10", "port": %d, "protocol": "http",
                 "healthCheck": {"type": "http", "path": "/health", "intervalSeconds": 1},
                 "realServers": [{"address": "%s", "port": %d}, {"address": "%s", "port": %d}]}
                """.formatted(port, RS1, serverPort, RS2, serverPort);
    }

    /** A tcp service in front of one echo server, checked by connecting (it does not speak HTTP). */
    private String echoService(int echoPort) {
        return with(with(with(webJson(), "protocol", "\"tcp\""), "healthCheck", "{}"), "realServers",
                "[{\"address\": \"" + RS1 + "\", \"port\": " + echoPort + "}]");
    }

    private VirtualService web() {
        return service(webJson());
    }

    private static VirtualService service(String json) {
        return SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, json);
    }

    private String presented(String serverName) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(OWN, port), 10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private ServerSocket hold(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(address));
        closing.add(socket);
        return socket;
    }

    private static boolean refused(String address, int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(address, port), 2_000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A TCP real server that sends every line back. */
    private static ServerSocket echo(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 16, InetAddress.getByName(address));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    Thread echoing = new Thread(() -> echoLines(connection));
                    echoing.setDaemon(true);
                    echoing.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static void echoLines(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.UTF_8);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
            }
        } catch (IOException gone) {
            // the client left
        }
    }

    private static DataPlaneRejected rejected(Future<?> future) {
        assertThatThrownBy(() -> result(future)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DataPlaneRejected.class);
        return (DataPlaneRejected) future.cause();
    }

    static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
}
