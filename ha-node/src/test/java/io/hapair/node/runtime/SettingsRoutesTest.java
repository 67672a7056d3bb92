package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.HybridClock;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.sync.model.Version;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings routes of a node over plain HTTP, with the standby refusal switchable. */
class SettingsRoutesTest {

    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String CERTIFICATE = SettingsFixtures.example(SettingsType.VS_CERTIFICATES);
    // A line of the key's base64: wherever it shows, the key shows.
    private static final String KEY_TEXT = new JsonObject(CERTIFICATE).getString("privateKey").lines()
            .filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final List<SettingsStore> stores = new ArrayList<>();

    private final class Node {
        final String host;
        final int port;
        final SettingsService settings;
        final AtomicBoolean standby = new AtomicBoolean();

        Node(String host) throws Exception {
            this.host = host;
            this.port = TestPorts.free(host);
            SettingsStore store = SettingsStore.open(dir.resolve(host));
            stores.add(store);
            settings = new SettingsService(vertx.createSharedWorkerExecutor("store-" + host, 1), store, host,
                    System::currentTimeMillis);
            Router router = Router.router(vertx);
            router.route().handler(BodyHandler.create());
            SettingsCatalog catalog = new SettingsCatalog();
            StandbyRefusal refusal = new StandbyRefusal(standby::get, "127.0.47.9");
            ApiRoutes.settings(router, catalog, new SettingsRoutes(settings, catalog, refusal, SettingsRoutes.EditCheck.NONE, null),
                    new SettingsTransferRoutes(settings, catalog, refusal, host),
                    new SyncRoutes(settings, null, catalog, refusal));
            vertx.createHttpServer().requestHandler(router).listen(port, host).await(10, TimeUnit.SECONDS);
        }

        HttpRequest<Buffer> request(HttpMethod method, String path) {
            return client.request(method, port, host, path);
        }

        HttpResponse<Buffer> send(HttpRequest<Buffer> r, String body) throws Exception {
            return (body == null ? r.send() : r.sendBuffer(Buffer.buffer(body))).await(60, TimeUnit.SECONDS);
        }

        Optional<String> stored(String type, String id) throws Exception {
            return settings.get(type, id).await(10, TimeUnit.SECONDS).map(StoredDocument::body);
        }

        HttpResponse<Buffer> export(String query, String passphrase) throws Exception {
            HttpRequest<Buffer> r = request(HttpMethod.GET, "/api/v1/settings/export" + query);
            if (passphrase != null) {
                r.putHeader(ExportedKeys.HEADER, passphrase);
            }
            return send(r, null);
        }

        HttpResponse<Buffer> importAll(String export, String passphrase) throws Exception {
            HttpRequest<Buffer> r = request(HttpMethod.POST, "/api/v1/settings/import");
            if (passphrase != null) {
                r.putHeader(ExportedKeys.HEADER, passphrase);
            }
            return send(r, export);
        }
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        for (SettingsStore s : stores) {
            s.close();
        }
    }

    private Node nodeWithCertificate() throws Exception {
        Node node = new Node("127.0.47.1");
        HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, "/api/v1/vs-certificates"), CERTIFICATE);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return node;
    }

    private static List<String> fields(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    private static JsonObject exportedCertificate(HttpResponse<Buffer> export) {
        return export.bodyAsJsonObject().getJsonObject("settings").getJsonArray("vs-certificates").getJsonObject(0);
    }

    @Test
    void anExportLeavesPrivateKeysOutUnlessAsked() throws Exception {
        Node node = nodeWithCertificate();

        HttpResponse<Buffer> export = node.export("", null);

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.bodyAsString()).doesNotContain(KEY_TEXT);
        assertThat(exportedCertificate(export).getString("privateKey")).isEqualTo(SecretFields.PLACEHOLDER);
        assertThat(export.bodyAsJsonObject().getString("keys")).isEqualTo("left out");
    }

    @Test
    void anExportWithEncryptedKeysImportsIntoAFreshNodeWithThePassphrase() throws Exception {
        Node node = nodeWithCertificate();
        Node fresh = new Node("127.0.47.2");

        HttpResponse<Buffer> export = node.export("?keys=encrypted", PASSPHRASE);
        HttpResponse<Buffer> imported = fresh.importAll(export.bodyAsString(), PASSPHRASE);

        assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
        assertThat(export.bodyAsString()).doesNotContain(KEY_TEXT);
        assertThat(exportedCertificate(export).getString("privateKey")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(200);
        // The import checked that the key belongs to the certificate, so it is the key, decrypted.
        assertThat(new JsonObject(fresh.stored("vs-certificates", "www").orElseThrow()).getString("privateKey"))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void anEncryptedExportImportedBackIntoItsNodeChangesNothing() throws Exception {
        Node node = nodeWithCertificate();
        String before = node.stored("vs-certificates", "www").orElseThrow();

        HttpResponse<Buffer> back = node.importAll(node.export("?keys=encrypted", PASSPHRASE).bodyAsString(), PASSPHRASE);

        assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(200);
        assertThat(back.bodyAsJsonObject().getInteger("changed")).isZero();
        assertThat(node.stored("vs-certificates", "www")).contains(before);
    }

    @Test
    void anEncryptedExportWithAWrongOrNoPassphraseIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        Node node = nodeWithCertificate();
        Node fresh = new Node("127.0.47.2");
        String export = node.export("?keys=encrypted", PASSPHRASE).bodyAsString();

        HttpResponse<Buffer> wrong = fresh.importAll(export, "not the passphrase at all");
        HttpResponse<Buffer> none = fresh.importAll(export, null);

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(fields(wrong)).containsExactly("settings.vs-certificates[0].privateKey");
        assertThat(wrong.bodyAsString()).contains("cannot be decrypted with the passphrase given");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(fields(none)).containsExactly(ExportedKeys.HEADER);
        assertThat(fresh.stored("vs-certificates", "www")).isEmpty();
    }

    @Test
    void keysAreExportedOnlyWithAPassphraseOfTwelveCharactersInAHeaderNeverInTheUrl() throws Exception {
        Node node = nodeWithCertificate();

        HttpResponse<Buffer> none = node.export("?keys=encrypted", null);
        HttpResponse<Buffer> shortOne = node.export("?keys=encrypted", "elevenchars");
        HttpResponse<Buffer> inUrl = node.export("?keys=encrypted&passphrase=" + PASSPHRASE.replace(' ', '-'), PASSPHRASE);
        HttpResponse<Buffer> clear = node.export("?keys=clear", PASSPHRASE);

        assertThat(List.of(none.statusCode(), shortOne.statusCode(), inUrl.statusCode(), clear.statusCode()))
                .containsOnly(400);
        assertThat(fields(none)).containsExactly(ExportedKeys.HEADER);
        assertThat(fields(shortOne)).containsExactly(ExportedKeys.HEADER);
        assertThat(fields(inUrl)).containsExactly("passphrase");
        assertThat(fields(clear)).containsExactly("keys");
    }

    @Test
    void anExportWithoutKeysImportsWithoutTouchingTheStoredKeysAndIsRefusedWhereNoKeyIsStored() throws Exception {
        Node node = nodeWithCertificate();
        Node fresh = new Node("127.0.47.2");
        String before = node.stored("vs-certificates", "www").orElseThrow();
        String export = node.export("", null).bodyAsString();

        HttpResponse<Buffer> back = node.importAll(export, null);
        HttpResponse<Buffer> elsewhere = fresh.importAll(export, null);

        assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(200);
        assertThat(back.bodyAsJsonObject().getInteger("changed")).isZero();
        assertThat(node.stored("vs-certificates", "www")).contains(before);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(fields(elsewhere)).containsExactly("settings.vs-certificates[0].privateKey");
        assertThat(fresh.stored("vs-certificates", "www")).isEmpty();
    }

    private Node nodeWithCertificateConflict() throws Exception {
        Node node = nodeWithCertificate();
        String body = node.stored("vs-certificates", "www").orElseThrow();
        Version partners = Version.first("partner", new HybridClock.Stamp(System.currentTimeMillis(), 0));
        node.settings.merge(List.of(new StoredDocument("vs-certificates", "www", body, partners)))
                .await(10, TimeUnit.SECONDS);
        assertThat(node.settings.conflicts().await(10, TimeUnit.SECONDS)).hasSize(1);
        return node;
    }

    @Test
    void theConflictListShowsNoPrivateKey() throws Exception {
        Node node = nodeWithCertificateConflict();

        HttpResponse<Buffer> r = node.send(node.request(HttpMethod.GET, "/api/v1/sync/conflicts"), null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).doesNotContain(KEY_TEXT);
        JsonObject conflict = r.bodyAsJsonObject().getJsonArray("conflicts").getJsonObject(0);
        assertThat(List.of(conflict.getJsonObject("kept").getJsonObject("document").getString("privateKey"),
                conflict.getJsonObject("lost").getJsonObject("document").getString("privateKey")))
                .containsOnly(SecretFields.PLACEHOLDER);
    }

    @Test
    void aStandbyRefusesToKeepAConflictsLostVersionAsItRefusesOtherSyncedWrites() throws Exception {
        Node node = nodeWithCertificateConflict();
        node.standby.set(true);

        HttpResponse<Buffer> r = node.send(node.request(HttpMethod.POST,
                "/api/v1/sync/conflicts/vs-certificates/www/accept"), "{\"keep\":\"lost\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("make the change on the active node (127.0.47.9)");
        assertThat(node.settings.conflicts().await(10, TimeUnit.SECONDS)).hasSize(1);
    }

    static Stream<Arguments> malformedBodies() {
        List<Arguments> cases = new ArrayList<>();
        List<String> routes = List.of("POST /api/v1/virtual-services", "PUT /api/v1/virtual-services/web",
                "PUT /api/v1/snmp", "POST /api/v1/settings/import", "POST /api/v1/sync/conflicts/virtual-services/web/accept");
        for (String route : routes) {
            for (String body : List.of("{", "{\"a\":", "[1,2]", "\"text\"", "null", "42", "")) {
                cases.add(Arguments.of(route, body));
            }
        }
        cases.add(Arguments.of("POST /api/v1/settings/import", "{\"schemaVersion\":\"1\",\"settings\":{}}"));
        cases.add(Arguments.of("POST /api/v1/settings/import", "{\"schemaVersion\":1,\"settings\":[]}"));
        cases.add(Arguments.of("POST /api/v1/settings/import", "{\"schemaVersion\":1,\"settings\":{\"virtual-services\":{}}}"));
        cases.add(Arguments.of("POST /api/v1/settings/import", "{\"schemaVersion\":1,\"settings\":{\"virtual-services\":[1]}}"));
        cases.add(Arguments.of("POST /api/v1/settings/import", "{\"schemaVersion\":1,\"settings\":{\"vs-certificates\":[[]]}}"));
        cases.add(Arguments.of("POST /api/v1/sync/conflicts/virtual-services/web/accept", "{\"keep\":5}"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("malformedBodies")
    void aMalformedBodyGets400WithFieldErrorsOnEveryRoute(String route, String body) throws Exception {
        Node node = new Node("127.0.47.1");
        String[] parts = route.split(" ");

        HttpResponse<Buffer> r = node.send(node.request(HttpMethod.valueOf(parts[0]), parts[1]), body);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        assertThat(errors).isNotEmpty();
        errors.forEach(e -> assertThat(((JsonObject) e).getString("field")).isNotBlank());
    }
}
