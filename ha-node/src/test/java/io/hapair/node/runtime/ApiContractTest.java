package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.capture.PacketCapture;
import io.hapair.node.dataplane.HaproxyDataPlane;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.geo.GeoNode;
import io.hapair.node.geo.PairHealth;
import io.hapair.node.http.FailedLogins;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API and its OpenAPI document ({@value ApiRoutes#OPENAPI_DOCUMENT}) agree: every call the router
 * mounts is in the document and every call in the document is mounted, and a running node's answers to
 * real requests, successes and refusals, match the document's response schemas and headers.
 */
class ApiContractTest {

    private static final String HOST = "127.0.74.1";
    // In the node's remote GEO access list, so that the GEO calls answer it.
    private static final String CLIENT = "127.0.74.2";
    // GEO documents name loopback addresses: the node polls, checks and sends to what they name.
    private static final String GEO_PARTNER = "127.0.74.3";
    private static final String GEO_CLUSTER = "{\"name\": \"site-b\", \"address\": \"127.0.74.4\","
            + " \"type\": \"default\", \"location\": {\"latitude\": 53.3, \"longitude\": -6.3},"
            + " \"check\": {\"type\": \"none\"}}";
    // Likewise what the node sends to on its own, where no answer is needed: a virtual service's real servers (HAProxy
    // health-checks them), the syslog target and the SNMP trap targets go to loopback where nothing listens (ports 9
    // and up), not to the examples' 10.0.1.4, logs.example.com and nms.example.com.
    private static final String SILENT = "127.0.74.5";
    private static final int SILENT_PORT = 9;

    @TempDir
    Path dataDir;

    private ApiTestNode node;
    private OpenAPIContract contract;
    private ResponseValidator validator;
    private WebClient client;
    private final Set<String> answered = new TreeSet<>();
    private final List<String> mismatches = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = ApiTestNode.start(HOST, dataDir.resolve("node"));
        contract = OpenAPIContract.from(node.vertx, ApiRoutes.OPENAPI_DOCUMENT).await(30, TimeUnit.SECONDS);
        validator = ResponseValidator.create(node.vertx, contract);
        client = WebClient.create(node.vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setLocalAddress(CLIENT).setFollowRedirects(false));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void everyCallTheRouterMountsIsInTheDocumentAndEveryCallInTheDocumentIsMounted() throws Exception {
        Router router = apiRouter();
        // Every route with a method and a whole path, wherever it was mounted; wildcard routes are filters.
        List<String> mounted = router.getRoutes().stream().filter(r -> r.methods() != null && r.isExactPath())
                .flatMap(r -> r.methods().stream().map(m -> m.name() + " " + documentPath(r.getPath()))).toList();
        Set<String> documented = contract.operations().stream()
                .map(o -> o.getHttpMethod().name() + " " + o.getOpenAPIPath()).collect(Collectors.toSet());

        assertThat(mounted).as("mounted, missing from the document").filteredOn(c -> !documented.contains(c)).isEmpty();
        assertThat(documented).as("in the document, not mounted").filteredOn(c -> !mounted.contains(c)).isEmpty();
        assertThat(ApiRoutes.calls(router).stream().map(c -> c.method().name() + " " + documentPath(c.path())))
                .as("the table's calls, which the 405 answers name").containsExactlyInAnyOrderElementsOf(documented);
        assertThat(ApiRoutes.calls(router)).as("no two routes of the table take the same request")
                .doesNotHaveDuplicates();
    }

    @Test
    void theDocumentIsServedToAuthenticatedCallersOnly() throws Exception {
        HttpResponse<Buffer> served = send(HttpMethod.GET, "/api/v1/openapi.yaml", null);
        HttpResponse<Buffer> anonymous = plain(HttpMethod.GET, "/api/v1/openapi.yaml").send()
                .await(10, TimeUnit.SECONDS);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.getHeader("Content-Type")).isEqualTo("application/yaml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiRoutes.OPENAPI_DOCUMENT)) {
            assertThat(served.body().getBytes()).isEqualTo(in.readAllBytes());
        }
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aRunningNodesAnswersMatchTheDocument() throws Exception {
        pagesAndSession();
        haAndNode();
        everySettingsTypeThroughEachOfItsCalls();
        transferAndSync();
        geo();
        dataPlane();

        assertThat(mismatches).isEmpty();
        Set<String> unanswered = contract.operations().stream().map(Operation::getOperationId)
                .filter(id -> !answered.contains(id)).collect(Collectors.toCollection(TreeSet::new));
        // Restarting would end this JVM; RestartTest holds the call's behaviour.
        assertThat(unanswered).containsExactly("node.restart");
    }

    private void pagesAndSession() throws Exception {
        check(HttpMethod.GET, "/", plain(HttpMethod.GET, "/"), null);
        check(HttpMethod.POST, "/ui/login", plain(HttpMethod.POST, "/ui/login"),
                new JsonObject().put("user", "bal").put("password", "wrong"));
        HttpResponse<Buffer> login = check(HttpMethod.POST, "/ui/login", plain(HttpMethod.POST, "/ui/login"),
                new JsonObject().put("user", "bal").put("password", ApiTestNode.PASSWORD));
        String cookie = login.cookies().get(0).split(";")[0];
        String csrf = login.bodyAsJsonObject().getString("csrfToken");
        check(HttpMethod.GET, "/ui/session", plain(HttpMethod.GET, "/ui/session").putHeader("Cookie", cookie), null);
        check(HttpMethod.POST, "/ui/logout", plain(HttpMethod.POST, "/ui/logout").putHeader("Cookie", cookie)
                .putHeader("X-CSRF-Token", csrf), null);
        check(HttpMethod.GET, "/ui/session", plain(HttpMethod.GET, "/ui/session").putHeader("Cookie", cookie), null);
        check(HttpMethod.GET, "/api/v1/openapi.yaml", null);
        check(HttpMethod.GET, "/metrics", null);
    }

    private void haAndNode() throws Exception {
        check(HttpMethod.GET, "/api/v1/ha/status", null);
        check(HttpMethod.POST, "/api/v1/ha/switchover", null);
        check(HttpMethod.GET, "/api/v1/maintenance", null);
        check(HttpMethod.PUT, "/api/v1/maintenance", "{\"enabled\": true}");
        check(HttpMethod.PUT, "/api/v1/maintenance", "{\"enabled\": \"yes\"}");
        check(HttpMethod.PUT, "/api/v1/maintenance", "{\"enabled\": true, \"force\": true}");
        check(HttpMethod.GET, "/api/v1/ha/status", null);
        check(HttpMethod.PUT, "/api/v1/maintenance", "{\"enabled\": false}");
        check(HttpMethod.GET, "/api/v1/ha/params", null);
        check(HttpMethod.PUT, "/api/v1/ha/params", "{\"health-check-port\": 8444}");
        check(HttpMethod.PUT, "/api/v1/ha/params", "{\"colour\": \"blue\"}");
        check(HttpMethod.GET, "/api/v1/node/diagnostics", null);
        // HA is off on this node: both answer 409; PairingApiTest has a pair.
        check(HttpMethod.GET, "/api/v1/pairing", null);
        check(HttpMethod.POST, "/api/v1/pairing/accept", "{\"fingerprint\": \"AB\"}");
        check(HttpMethod.GET, "/api/v1/network-commit", null);
        check(HttpMethod.POST, "/api/v1/network-commit/confirm", null);
        check(HttpMethod.POST, "/api/v1/network-commit/rollback", null);
        check(HttpMethod.GET, "/api/v1/host-readings", null);
        check(HttpMethod.GET, "/api/v1/capture", null);
        check(HttpMethod.POST, "/api/v1/capture", "{\"interface\": \"no-such-if\", \"seconds\": 0}");
        check(HttpMethod.POST, "/api/v1/capture/stop", null);
        check(HttpMethod.GET, "/api/v1/capture/file", null);
    }

    private void dataPlane() throws Exception {
        check(HttpMethod.GET, "/api/v1/data-plane", null);
        check(HttpMethod.POST, "/api/v1/data-plane/real-servers",
                "{\"virtualService\": \"none-such\", \"address\": \"127.0.0.1\", \"port\": 80, \"state\": \"drain\"}");
        check(HttpMethod.POST, "/api/v1/data-plane/real-servers", "{\"state\": \"sideways\"}");
    }

    private void everySettingsTypeThroughEachOfItsCalls() throws Exception {
        check(HttpMethod.GET, "/api/v1/settings", null);
        for (SettingsType<?> type : SettingsType.ALL) {
            String path = "/api/v1/" + type.apiPath();
            String document = example(type);
            check(HttpMethod.GET, path, null);
            if (type.singleton()) {
                check(HttpMethod.PUT, path, document);
                check(HttpMethod.PUT, path, "{\"unknownField\": 1}");
                check(HttpMethod.GET, path, null);
                check(HttpMethod.DELETE, path, null);
                check(HttpMethod.GET, path, null);
                continue;
            }
            HttpResponse<Buffer> created = check(HttpMethod.POST, path, document);
            assertThat(created.statusCode()).as(path + ": " + created.bodyAsString()).isEqualTo(201);
            check(HttpMethod.POST, path, document);
            check(HttpMethod.POST, path, "[]");
            String id = created.bodyAsJsonObject().getString("id");
            String item = path + "/" + id;
            check(HttpMethod.GET, path, null);
            check(HttpMethod.GET, item, null);
            check(HttpMethod.PUT, item, document);
            check(HttpMethod.PUT, item, "{}");
            // The GEO calls below need the caller's access and a cluster; they delete these two themselves.
            if (!type.equals(SettingsType.GEO_REMOTE_ACCESS) && !type.equals(SettingsType.GEO_CLUSTERS)) {
                check(HttpMethod.DELETE, item, null);
                check(HttpMethod.GET, item, null);
            }
        }
    }

    private static String example(SettingsType<?> type) {
        if (type.equals(SettingsType.GEO_REMOTE_ACCESS)) {
            return "{\"address\": \"" + CLIENT + "\"}";
        }
        if (type.equals(SettingsType.GEO_PARTNERS)) {
            return "{\"address\": \"" + GEO_PARTNER + "\", \"name\": \"site-c\"}";
        }
        if (type.equals(SettingsType.GEO_CLUSTERS)) {
            return GEO_CLUSTER;
        }
        if (type.equals(SettingsType.VIRTUAL_SERVICES)) {
            // An https service needs its certificate stored first, and the data plane refuses it without; the
            // certificates' own pass comes later and deletes theirs.
            JsonObject vs = new JsonObject(SettingsFixtures.example(type)).put("protocol", "http");
            vs.remove("certificates");
            silent(vs.getJsonArray("realServers"), "address");
            return vs.encode();
        }
        if (type.equals(SettingsType.SYSLOG_TARGETS)) {
            return new JsonObject(SettingsFixtures.example(type)).put("host", SILENT).put("port", SILENT_PORT).encode();
        }
        if (type.equals(SettingsType.SNMP)) {
            JsonObject snmp = new JsonObject(SettingsFixtures.example(type));
            silent(snmp.getJsonArray("trapTargets"), "host");
            return snmp.encode();
        }
        return SettingsFixtures.example(type);
    }

    /**
     * Points each of {@code items} at {@link #SILENT}, each at a port of its own from {@link #SILENT_PORT} on (real
     * servers of one service, like trap targets, may not share address and port).
     */
    private static void silent(JsonArray items, String addressField) {
        for (int i = 0; i < items.size(); i++) {
            items.getJsonObject(i).put(addressField, SILENT).put("port", SILENT_PORT + i);
        }
    }

    private void transferAndSync() throws Exception {
        HttpResponse<Buffer> export = check(HttpMethod.GET, "/api/v1/settings/export", null);
        check(HttpMethod.GET, "/api/v1/settings/export?keys=clear", null);
        check(HttpMethod.POST, "/api/v1/settings/import", export.bodyAsString());
        check(HttpMethod.POST, "/api/v1/settings/import", "{\"schemaVersion\": \"one\"}");
        check(HttpMethod.GET, "/api/v1/sync/status", null);
        check(HttpMethod.POST, "/api/v1/sync/now", null);
        check(HttpMethod.GET, "/api/v1/sync/conflicts", null);
        check(HttpMethod.POST, "/api/v1/sync/conflicts/virtual-services/web/accept", "{\"keep\": \"neither\"}");
        check(HttpMethod.POST, "/api/v1/sync/conflicts/colours/web/accept", "{\"keep\": \"lost\"}");
    }

    private void geo() throws Exception {
        String sender = "{\"node\": \"site-c-1\", \"unitAddress\": \"" + GEO_PARTNER + "\", \"software\": \"9.9.9\","
                + " \"schema\": " + SettingsStore.SCHEMA_VERSION + "}";
        check(HttpMethod.GET, "/api/v1/geo/health", null);
        check(HttpMethod.GET, "/api/v1/geo/status", null);
        check(HttpMethod.POST, "/api/v1/geo/sync/offer", "{\"sender\": " + sender + ", \"digests\": {}}");
        check(HttpMethod.POST, "/api/v1/geo/sync/offer", "{\"digests\": {}}");
        check(HttpMethod.POST, "/api/v1/geo/sync/documents", "{\"sender\": " + sender + ", \"docs\": []}");
        check(HttpMethod.GET, "/api/v1/geo/sync/status", null);
        check(HttpMethod.DELETE, "/api/v1/geo-clusters/site-b", null);
        check(HttpMethod.DELETE, "/api/v1/geo-remote-access/" + CLIENT, null);
        check(HttpMethod.GET, "/api/v1/geo/health", null);
        check(HttpMethod.POST, "/api/v1/geo/sync/documents", "{\"sender\": " + sender + ", \"docs\": []}");
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String body) throws Exception {
        HttpRequest<Buffer> request = client.request(method, node.config.apiPort(), HOST, path)
                .basicAuthentication("bal", ApiTestNode.PASSWORD);
        return (body == null ? request.send() : request.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body))).await(30, TimeUnit.SECONDS);
    }

    /** Sends an authenticated request and checks its answer against the document. */
    private HttpResponse<Buffer> check(HttpMethod method, String path, String body) throws Exception {
        return checked(method, path, send(method, path, body));
    }

    /** Sends a request as it is (no authentication) and checks its answer against the document. */
    private HttpResponse<Buffer> check(HttpMethod method, String path, HttpRequest<Buffer> request, JsonObject body)
            throws Exception {
        return checked(method, path, (body == null ? request.send() : request.sendJsonObject(body))
                .await(30, TimeUnit.SECONDS));
    }

    private HttpRequest<Buffer> plain(HttpMethod method, String path) {
        return client.request(method, node.config.apiPort(), HOST, path);
    }

    /** Validates an answer against the operation the document has for its request; a mismatch is noted. */
    private HttpResponse<Buffer> checked(HttpMethod method, String path, HttpResponse<Buffer> r) {
        String request = method + " " + path + " -> " + r.statusCode();
        Operation operation = contract.findOperation(path.split("\\?")[0], method);
        if (operation == null) {
            mismatches.add(request + ": the document has no such call");
            return r;
        }
        answered.add(operation.getOperationId());
        Map<String, String> headers = new HashMap<>();
        r.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
        String contentType = r.getHeader("Content-Type");
        ValidatableResponse answer = contentType == null ? ValidatableResponse.create(r.statusCode(), headers)
                // The document names media types without parameters (text/plain, not text/plain; version=0.0.4).
                : ValidatableResponse.create(r.statusCode(), headers, r.body(), contentType.split(";")[0].trim());
        try {
            validator.validate(answer, operation.getOperationId()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            mismatches.add(request + ": " + e.getMessage() + " in " + r.bodyAsString());
        }
        return r;
    }

    /** The API's router as the node builds it, on a settings store of its own. */
    private Router apiRouter() throws Exception {
        Path dir = dataDir.resolve("router");
        SettingsStore store = SettingsStore.open(dir);
        SettingsService settings = new SettingsService(node.vertx.createSharedWorkerExecutor("router-store", 1), store,
                "solo", System::currentTimeMillis);
        GeoNode geo = new GeoNode(node.vertx, node.config, settings, () -> new PairHealth.PairState(true, false),
                new GeoNode.Identity("9.9.9", SettingsStore.SCHEMA_VERSION, () -> null, () -> { }));
        NodeControl control = new NodeControl(() -> true, JsonObject::new,
                by -> Future.failedFuture("no switchover here"), () -> false, () -> Future.succeededFuture(""),
                JsonObject::new, (on, force, by) -> Future.failedFuture("no maintenance here"));
        FailedLogins.Counts uncounted = new FailedLogins.Counts() {
            @Override
            public void loginFailed(FailedLogins.Method method) {
            }

            @Override
            public void loginThrottled(FailedLogins.Method method) {
            }
        };
        NodeCertificate certificate = NodeCertificate.ensure(null, null, dir, "solo", List.of(HOST));
        // Built, never started: the routes only need its handlers.
        HaproxyDataPlane dataPlane = new HaproxyDataPlane(node.vertx, node.vertx.createSharedWorkerExecutor(
                "router-data-plane", 1), new DataPlaneHost(HOST, dir.resolve("data-plane").toString(), Map.of()),
                "haproxy");
        DataPlaneFeed feed = new DataPlaneFeed(node.vertx, settings, dataPlane, stats -> { });
        Router router = new ApiServer(node.vertx, node.vertx.getOrCreateContext(), node.config, certificate, control,
                settings, null, geo.endpoints(),
                new DataPlaneRoutes(dataPlane, feed), feed::refusals, new HostRoutes(null, List.of()), uncounted,
                new CaptureRoutes(new PacketCapture(node.vertx, node.vertx.getOrCreateContext(), "tcpdump",
                        dir.resolve("capture"), "solo", Duration.ofMinutes(10), System::currentTimeMillis)), null).router(Buffer.buffer());
        store.close();
        return router;
    }

    /** A route's path as the document writes it: {@code /api/v1/vlans/{id}} for {@code /api/v1/vlans/:id}. */
    private static String documentPath(String mountedPath) {
        return mountedPath.replaceAll(":(\\w+)", "{$1}");
    }
}
