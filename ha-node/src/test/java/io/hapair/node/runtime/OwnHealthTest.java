package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.health.model.HealthRules;
import io.hapair.node.health.model.HealthThresholds;
import io.hapair.node.ntp.model.ClockState;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.settings.AdminCertificate;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VsCertificate;
import io.hapair.node.store.SettingsStore;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own health on a real settings store, measured every 100 ms: the virtual-service certificates' and the
 * administration certificate's inputs follow what is stored, with health-certificate-warning-days 30.
 */
class OwnHealthTest {

    private static final Duration EVERY = Duration.ofMillis(100);
    private static final HealthRules RULES = new HealthRules(new HealthThresholds(0, 0, 0, 0, 1_000, 100, 30,
            Long.MAX_VALUE));

    @TempDir
    Path dir;
    private Vertx vertx;
    private SettingsStore store;
    private SettingsService settings;
    private final List<RoleEvent> told = new CopyOnWriteArrayList<>();
    private OwnHealth health;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = SettingsStore.open(dir);
        settings = new SettingsService(vertx.createSharedWorkerExecutor("health-test-store", 1), store, "solo",
                System::currentTimeMillis);
        X509Certificate api = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(VsCertificateExpiriesTest.certificate(Instant.now().plus(Duration.ofDays(365)))
                        .getBytes(StandardCharsets.US_ASCII)));
        health = new OwnHealth(vertx, dir, EVERY, RULES, new OwnHealth.Sources(() -> ClockState.unknown(null),
                () -> null, api, settings, null), told::add);
        // In a verticle, as on a node, so that closing Vert.x stops the measurements before the store's worker.
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                health.start();
                return Future.succeededFuture();
            }
        }).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void anExpiringCertificateWarnsAndItsRenewalEndsTheWarning() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> "none stored".equals(vsCertificates().getString("value")));

        store("www", Instant.now().plus(Duration.ofDays(10)).plusSeconds(60));

        await().atMost(10, TimeUnit.SECONDS).until(() -> "warning".equals(vsCertificates().getString("level")));
        assertThat(vsCertificates().getString("value")).isEqualTo("1 stored; www expires first, in 10 day(s)");
        assertThat(vsCertificates().getString("why")).contains("expires within health-certificate-warning-days 30");
        assertThat(notes()).contains("vs-certificates is warning: 1 stored; www expires first, in 10 day(s);"
                + " virtual-service certificate www expires within health-certificate-warning-days 30; renew it"
                + " (PUT /api/v1/vs-certificates/www): the partner serves the same one");

        store("www", Instant.now().plus(Duration.ofDays(100)).plusSeconds(60));

        await().atMost(10, TimeUnit.SECONDS).until(() -> "normal".equals(vsCertificates().getString("level")));
        assertThat(vsCertificates().getString("value")).isEqualTo("1 stored; www expires first, in 100 day(s)");
        assertThat(notes()).anyMatch(note -> note.startsWith("vs-certificates is normal again (was warning)"));
    }

    @Test
    void aStoredAdministrationCertificateIsAnInputUntilItIsDeleted() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> "none stored".equals(vsCertificates().getString("value")));
        assertThat(input(HealthRules.ADMIN_CERTIFICATE)).as("none stored: the node's own certificate is 8443's").isEmpty();

        String chain = VsCertificateExpiriesTest.certificate(Instant.now().plus(Duration.ofDays(10)).plusSeconds(60));
        String body = SettingsCodec.toJson(new AdminCertificate(chain,
                TestCertificates.pem(VsCertificateExpiriesTest.KEYS.getPrivate())));
        String id = SettingsType.ADMIN_CERTIFICATE.apiPath();
        settings.put(id, id, body, null).await(10, TimeUnit.SECONDS);

        await().atMost(10, TimeUnit.SECONDS).until(() -> input(HealthRules.ADMIN_CERTIFICATE).isPresent());
        JsonObject admin = input(HealthRules.ADMIN_CERTIFICATE).orElseThrow();
        assertThat(admin.getString("level")).isEqualTo("warning");
        assertThat(admin.getString("value")).isEqualTo("expires in 10 day(s)");
        assertThat(notes()).anyMatch(note -> note.startsWith("admin-certificate is warning: expires in 10 day(s); the"
                + " administration certificate of ") && note.endsWith(" expires within health-certificate-warning-days"
                + " 30; store a renewed one (PUT /api/v1/admin-certificate), or delete it for the node's own"));
        assertThat(health.report().healthy()).as("a Warning, never Critical").isTrue();

        settings.delete(id, id, null).await(10, TimeUnit.SECONDS);

        await().atMost(10, TimeUnit.SECONDS).until(() -> input(HealthRules.ADMIN_CERTIFICATE).isEmpty());
    }

    private List<String> notes() {
        return told.stream().filter(RoleEvent.Noted.class::isInstance).map(RoleEvent.Noted.class::cast)
                .map(RoleEvent.Noted::message).toList();
    }

    private void store(String name, Instant notAfter) throws Exception {
        String body = SettingsCodec.toJson(new VsCertificate(name, VsCertificateExpiriesTest.certificate(notAfter),
                TestCertificates.pem(VsCertificateExpiriesTest.KEYS.getPrivate())));
        settings.put(SettingsType.VS_CERTIFICATES.apiPath(), name, body, null).await(10, TimeUnit.SECONDS);
    }

    private JsonObject vsCertificates() {
        return input(HealthRules.VS_CERTIFICATES).orElse(new JsonObject());
    }

    private Optional<JsonObject> input(String name) {
        return health.status().getJsonArray("inputs").stream().map(JsonObject.class::cast)
                .filter(input -> input.getString("name").equals(name)).findFirst();
    }
}
