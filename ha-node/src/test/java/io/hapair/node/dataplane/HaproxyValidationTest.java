package io.hapair.node.dataplane;

import static io.hapair.node.dataplane.HaproxyDataPlaneTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.Origin;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsFixtures;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haproxy -c} before anything changes: what HAProxy refuses is reported on the document field it
 * comes from, in HAProxy's words, and validating leaves nothing behind that HAProxy would read.
 */
class HaproxyValidationTest {

    private static final String OWN = "127.0.123.1";
    private static final String SECURE = """
            {"name": "secure", "address": "10.0.0.10", "port": 443, "protocol": "https", "certificates": ["www"],
             "realServers": [{"address": "127.0.123.11", "port": 8080}]}
            """;

    @TempDir
    Path dir;
    private Vertx vertx;
    private HaproxyDataPlane plane;

    @BeforeEach
    void dataPlane() {
        vertx = Vertx.vertx();
        plane = new HaproxyDataPlane(vertx, vertx.createSharedWorkerExecutor("validation-test", 1),
                new DataPlaneHost(OWN, dir.toString(), Map.of()), "haproxy");
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aValidHttpsServiceIsAccepted() throws Exception {
        assertThat(result(plane.validate(plane.render(List.of(secure()), List.of(certificate(TestCertificates.EC_LEAF))))))
                .isEmpty();
    }

    @Test
    void aKeyOfAnotherCertificateIsRejectedOnTheCertificateInHaproxysWords() throws Exception {
        VsCertificate broken = new VsCertificate("www", TestCertificates.EC_LEAF.chainPem(),
                TestCertificates.OTHER_EC_LEAF.keyPem());

        List<Rejection> rejections = result(plane.validate(plane.render(List.of(secure()), List.of(broken))));

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo(Origin.certificate("www", "certificateChain"));
            assertThat(r.reason()).startsWith("'bind 127.0.123.1:443' in section 'listen' : inconsistencies between "
                    + "private key and certificate loaded '" + dir.resolve("certs"));
        });
    }

    @Test
    void aCertificateTheSettingsAcceptButOpenSslRefusesIsRejectedOnTheCertificate() throws Exception {
        VsCertificate small = certificate(TestCertificates.RSA_1024_LEAF);
        assertThat(SettingsCodec.validate(SettingsType.VS_CERTIFICATES, small, List.of()).errors()).isEmpty();

        List<Rejection> rejections = result(plane.validate(plane.render(List.of(secure()), List.of(small))));

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo(Origin.certificate("www", "certificateChain"));
            assertThat(r.reason()).contains("unable to load SSL certificate");
        });
    }

    @Test
    void whatCouldNotBeRenderedIsReportedWithoutAskingHaproxy() throws Exception {
        Rendering rendering = plane.render(List.of(secure()), List.of());

        assertThat(result(plane.validate(rendering))).containsExactly(new Rejection(
                Origin.service("secure", "certificates[0]"),
                "no virtual-service certificate is named 'www'; add it (vs-certificates) or name another"));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void validatingLeavesNoConfigurationBehind() throws Exception {
        result(plane.validate(plane.render(List.of(secure()), List.of(certificate(TestCertificates.EC_LEAF)))));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("certs");
        }
    }

    private static VirtualService secure() {
        return SettingsFixtures.parsed(SettingsType.VIRTUAL_SERVICES, SECURE);
    }

    private static VsCertificate certificate(TestCertificates pem) {
        return new VsCertificate("www", pem.chainPem(), pem.keyPem());
    }
}
