package io.hapair.node.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.dataplane.model.HaproxyConfig;
import io.hapair.node.dataplane.model.Rendering;
import io.hapair.node.settings.HealthCheck;
import io.hapair.node.settings.Persistence;
import io.hapair.node.settings.RealServer;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever valid virtual services the settings accept, HAProxy accepts their rendering: the settings
 * rules and the renderer between them leave nothing for {@code haproxy -c} to refuse.
 */
class RenderedConfigProperties {

    private static final String OWN = "127.0.124.1";
    private static final List<VsCertificate> CERTIFICATES = List.of(
            certificate("ec", TestCertificates.EC_LEAF), certificate("ca-signed", TestCertificates.LEAF_AND_CA),
            certificate("rsa", TestCertificates.RSA_LEAF), certificate("ed25519", TestCertificates.ED25519_LEAF),
            certificate("openssl-ec", TestCertificates.OPENSSL_EC),
            certificate("openssl-rsa", TestCertificates.OPENSSL_RSA));

    private static Path dir;
    private static HaproxyFiles files;
    private static DataPlaneHost host;

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("rendered-config-properties");
        host = new DataPlaneHost(OWN, dir.toString(), Map.of());
        files = new HaproxyFiles(host);
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 60)
    void haproxyAcceptsTheRenderingOfEveryValidSetOfServices(@ForAll("serviceSets") List<VirtualService> services)
            throws Exception {
        for (int i = 0; i < services.size(); i++) {
            List<VirtualService> others = new ArrayList<>(services);
            others.remove(i);
            assertThat(SettingsCodec.validate(SettingsType.VIRTUAL_SERVICES, services.get(i), others).errors())
                    .as("the generated service is valid").isEmpty();
        }
        Rendering rendering = HaproxyConfig.render(host, services, CERTIFICATES);
        assertThat(rendering.rejections()).isEmpty();

        assertThat(HaproxyCheck.check("haproxy", files, rendering)).as(rendering.config()).isEmpty();
    }

    @Provide
    Arbitrary<List<VirtualService>> serviceSets() {
        return Arbitraries.integers().between(1024, 65535).list().uniqueElements().ofMinSize(1).ofMaxSize(5)
                .flatMap(ports -> Combinators.combine(ports.stream().map(this::service).toList())
                        .as(List::copyOf));
    }

    private Arbitrary<VirtualService> service(int port) {
        return Arbitraries.of(VirtualService.Protocol.class).flatMap(protocol -> Combinators.combine(
                Arbitraries.of("10.0.0.10", "192.0.2.7", "fd00::10"), certificateNames(protocol),
                Arbitraries.of(VirtualService.Scheduling.class), persistence(protocol),
                Arbitraries.integers().between(1, 86_400), healthChecks(), Arbitraries.of(true, false), realServers())
                .as((address, certificates, scheduling, persistence, idle, check, enabled, servers) ->
                        new VirtualService("vs-" + port, address, port, protocol, certificates, scheduling, persistence,
                                idle, check, enabled, servers)));
    }

    private static Arbitrary<List<String>> certificateNames(VirtualService.Protocol protocol) {
        if (protocol != VirtualService.Protocol.HTTPS) {
            return Arbitraries.just(List.of());
        }
        return Arbitraries.of(CERTIFICATES.stream().map(VsCertificate::name).toList()).list().uniqueElements()
                .ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<Persistence> persistence(VirtualService.Protocol protocol) {
        Arbitrary<Integer> timeouts = Arbitraries.integers().between(1, 86_400);
        Arbitrary<Persistence> sourceIp = timeouts.map(t -> new Persistence(Persistence.Mode.SOURCE_IP, t));
        Arbitrary<Persistence> cookie = timeouts.injectNull(0.3).map(t -> new Persistence(Persistence.Mode.COOKIE, t));
        return protocol.http() ? Arbitraries.oneOf(Arbitraries.just(Persistence.NONE), sourceIp, cookie)
                : Arbitraries.oneOf(Arbitraries.just(Persistence.NONE), sourceIp);
    }

    private static Arbitrary<HealthCheck> healthChecks() {
        Arbitrary<Integer> intervals = Arbitraries.integers().between(1, 3600);
        Arbitrary<Integer> counts = Arbitraries.integers().between(1, 10);
        Arbitrary<HealthCheck> tcp = Combinators.combine(intervals, counts, counts)
                .as((interval, retries, rise) -> new HealthCheck(HealthCheck.Type.TCP_CONNECT, null, null, null,
                        interval, retries, rise));
        // Any printable character but the space, quotes, '#' and '\' included: the renderer must quote them.
        Arbitrary<String> paths = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).map(p -> "/" + p);
        Arbitrary<HealthCheck> http = Combinators.combine(Arbitraries.of(HealthCheck.Method.class), paths,
                Arbitraries.integers().between(100, 599), intervals, counts, counts)
                .as((method, path, status, interval, retries, rise) -> new HealthCheck(HealthCheck.Type.HTTP, method,
                        path, status, interval, retries, rise));
        return Arbitraries.oneOf(tcp, http);
    }

    private static Arbitrary<List<RealServer>> realServers() {
        Arbitrary<String> addresses = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 254).map(i -> "10.0.1." + i),
                Arbitraries.integers().between(1, 0xffff).map(i -> "fd00::1:" + Integer.toHexString(i)));
        Arbitrary<RealServer> server = Combinators.combine(addresses, Arbitraries.integers().between(1, 65535),
                Arbitraries.integers().between(0, 256), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(RealServer::new);
        return server.list().ofMaxSize(4).uniqueElements(rs -> rs.address() + " " + rs.port());
    }

    private static VsCertificate certificate(String name, TestCertificates pem) {
        return new VsCertificate(name, pem.chainPem(), pem.keyPem());
    }
}
