package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import previewed ({@code dryRun=true}), then applied only as previewed ({@code If-Match} with its token). */
class SettingsImportPreviewTest {

    private static final String HOST = "127.20.186.2";
    private static final String VS = "virtual-services";
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String CERTIFICATE = SettingsFixtures.example(SettingsType.VS_CERTIFICATES);
    private static final String KEY_TEXT = new JsonObject(CERTIFICATE).getString("privateKey").lines()
            .filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private SettingsStore store;
    private SettingsService settings;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = TestPorts.free(HOST);
        store = SettingsStore.open(dir.resolve("store"));
        settings = new SettingsService(vertx.createSharedWorkerExecutor("store", 1), store, "solo",
                System::currentTimeMillis);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        SettingsCatalog catalog = new SettingsCatalog();
        StandbyRefusal refusal = new StandbyRefusal(() -> false, "127.20.186.9");
        ApiRoutes.settings(router, catalog, new SettingsRoutes(settings, catalog, refusal, SettingsRoutes.EditCheck.NONE,
                null), new SettingsTransferRoutes(settings, catalog, refusal, "solo"),
                new SyncRoutes(settings, null, catalog, refusal));
        vertx.createHttpServer().requestHandler(router).listen(port, HOST).await(10, TimeUnit.SECONDS);
        assertThat(send(HttpMethod.POST, "/api/v1/" + VS, web(80), null).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void aPreviewListsTheChangeFieldByFieldAndStoresNothing() throws Exception {
        String backup = exportWith(web(8080));

        HttpResponse<Buffer> preview = send(HttpMethod.POST, "/api/v1/settings/import?dryRun=true", backup, null);

        assertThat(preview.statusCode()).as(preview.bodyAsString()).isEqualTo(200);
        assertThat(preview.bodyAsJsonObject().getJsonArray("changes").encode()).isEqualTo("[{\"type\":\"" + VS
                + "\",\"id\":\"web\",\"change\":\"changed\",\"fields\":[{\"path\":\"port\",\"before\":\"80\","
                + "\"after\":\"8080\"}]}]");
        assertThat(port()).isEqualTo(80);
    }

    @Test
    void theApplyWithThePreviewsTokenStoresWhatThePreviewShowed() throws Exception {
        String backup = exportWith(web(8080));
        String token = token(backup);

        HttpResponse<Buffer> applied = send(HttpMethod.POST, "/api/v1/settings/import", backup, token);

        assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
        assertThat(applied.bodyAsJsonObject().getInteger("changed")).isEqualTo(1);
        assertThat(port()).isEqualTo(8080);
    }

    @Test
    void theApplyIsRefusedWhenTheStoredSettingsChangedSinceThePreview() throws Exception {
        String backup = exportWith(web(8080));
        String token = token(backup);
        assertThat(send(HttpMethod.PUT, "/api/v1/" + VS + "/web", web(81), null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> applied = send(HttpMethod.POST, "/api/v1/settings/import", backup, token);

        assertThat(applied.statusCode()).isEqualTo(412);
        assertThat(applied.bodyAsJsonObject().getString("error")).contains("changed since the preview")
                .contains("preview again");
        assertThat(port()).isEqualTo(81);
    }

    @Test
    void theApplyIsRefusedForAnotherFileThanThePreviewed() throws Exception {
        String token = token(exportWith(web(8080)));

        HttpResponse<Buffer> applied = send(HttpMethod.POST, "/api/v1/settings/import", exportWith(web(9090)), token);

        assertThat(applied.statusCode()).isEqualTo(412);
        assertThat(port()).isEqualTo(80);
    }

    @Test
    void aPreviewNeverShowsAPrivateKeyAndAnEncryptedBackupOfTheSameKeyChangesNothing() throws Exception {
        assertThat(send(HttpMethod.POST, "/api/v1/vs-certificates", CERTIFICATE, null).statusCode()).isEqualTo(201);
        HttpRequest<Buffer> export = client.request(HttpMethod.GET, port, HOST, "/api/v1/settings/export?keys=encrypted")
                .putHeader(ExportedKeys.HEADER, PASSPHRASE);
        String backup = export.send().await(30, TimeUnit.SECONDS).bodyAsString();
        assertThat(send(HttpMethod.DELETE, "/api/v1/vs-certificates/www", null, null).statusCode()).isEqualTo(204);

        HttpResponse<Buffer> added = client.request(HttpMethod.POST, port, HOST, "/api/v1/settings/import?dryRun=true")
                .putHeader(ExportedKeys.HEADER, PASSPHRASE).sendBuffer(Buffer.buffer(backup))
                .await(30, TimeUnit.SECONDS);

        assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
        assertThat(added.bodyAsJsonObject().getJsonArray("changes").encode())
                .isEqualTo("[{\"type\":\"vs-certificates\",\"id\":\"www\",\"change\":\"added\",\"fields\":[]}]");
        assertThat(added.bodyAsString()).doesNotContain(KEY_TEXT);
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedNamingIt() throws Exception {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/settings/import?dryRun=yes", exportWith(web(80)), null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("dryRun");
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String body, String ifMatch) throws Exception {
        HttpRequest<Buffer> r = client.request(method, port, HOST, path);
        if (ifMatch != null) {
            r.putHeader("If-Match", ifMatch);
        }
        return (body == null ? r.send() : r.sendBuffer(Buffer.buffer(body))).await(30, TimeUnit.SECONDS);
    }

    /** The node's export with its virtual services replaced by {@code vs}. */
    private String exportWith(String vs) throws Exception {
        JsonObject export = send(HttpMethod.GET, "/api/v1/settings/export", null, null).bodyAsJsonObject();
        export.getJsonObject("settings").put(VS, new JsonArray().add(new JsonObject(vs)));
        return export.encode();
    }

    private String token(String backup) throws Exception {
        HttpResponse<Buffer> preview = send(HttpMethod.POST, "/api/v1/settings/import?dryRun=true", backup, null);
        assertThat(preview.statusCode()).as(preview.bodyAsString()).isEqualTo(200);
        return preview.bodyAsJsonObject().getString("token");
    }

    private int port() throws Exception {
        Optional<StoredDocument> web = settings.get(VS, "web").await(10, TimeUnit.SECONDS);
        return new JsonObject(web.orElseThrow().body()).getInteger("port");
    }

    private static String web(int port) {
        return new JsonObject().put("name", "web").put("address", "10.8.0.1").put("port", port).put("protocol", "tcp")
                .put("realServers", new JsonArray().add(new JsonObject().put("address", "10.9.0.1")
                        .put("port", 80))).encode();
    }
}
