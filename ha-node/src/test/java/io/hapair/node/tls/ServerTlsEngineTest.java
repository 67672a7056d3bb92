package io.hapair.node.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.TestPorts;
import io.hapair.node.TrustAllTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's TLS server answers handshakes, and serving one does not make the JVM build a Bouncy Castle JCA
 * provider (about 500 classes and 5 MiB resident that Netty's own server context would add). In a JVM of its
 * own, since the test JVM may have loaded that provider already. It prefers ChaCha20-Poly1305, which the node's
 * C1-only JVM encrypts three times as fast as AES-GCM, and still serves clients that offer only AES-GCM.
 */
class ServerTlsEngineTest {

    private static final String HANDSHAKE_DONE = "handshake done with ";

    @Test
    void aTlsServerHandshakesWithoutBuildingABouncyCastleProvider(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains(HANDSHAKE_DONE + "TLSv1.3");
        assertThat(output).contains("io.netty.handler.ssl.JdkSslContext ")
                .doesNotContain("org.bouncycastle.jce.provider.BouncyCastleProvider ");
    }

    @Test
    void clientsThatOfferChaCha20GetItAndOthersGetWhatTheyOffer(@TempDir Path dir) throws Exception {
        NodeCertificate certificate = NodeCertificate.ensure(null, null, dir, "tls-test", List.of("127.0.0.1"));
        Vertx vertx = Vertx.vertx();
        try {
            int port = TestPorts.free("127.0.0.1");
            vertx.createNetServer(new NetServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath().toString())
                                    .setKeyPath(certificate.keyPath().toString()))
                            .setSslEngineOptions(new ServerTlsEngine()))
                    .connectHandler(socket -> socket.handler(socket::write)).listen().await(30, TimeUnit.SECONDS);

            assertThat(negotiated(port, null, null)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
            assertThat(negotiated(port, "TLSv1.2", null)).contains("_CHACHA20_POLY1305_");
            assertThat(negotiated(port, null, "TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** The suite a JDK client gets: with its default protocols and suites (AES-GCM first) unless one is named. */
    private static String negotiated(int port, String protocol, String suite) throws IOException {
        try (SSLSocket socket = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            assertThat(socket.getEnabledCipherSuites()[0]).startsWith("TLS_AES_");
            if (protocol != null) {
                socket.setEnabledProtocols(new String[] {protocol});
            }
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    /** Serves TLS as the node does (its certificate, the peer link's client authentication) and shakes hands once. */
    static final class Child {

        public static void main(String[] args) throws Exception {
            NodeCertificate certificate = NodeCertificate.ensure(null, null, Path.of(args[0]), "tls-test",
                    List.of("127.0.0.1"));
            Vertx vertx = Vertx.vertx();
            int port = TestPorts.free("127.0.0.1");
            NetServer server = vertx.createNetServer(new NetServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath().toString())
                            .setKeyPath(certificate.keyPath().toString()))
                    .setClientAuth(ClientAuth.REQUEST).setSslEngineOptions(new ServerTlsEngine()));
            server.connectHandler(socket -> socket.handler(socket::write)).listen().await(30, TimeUnit.SECONDS);
            try (SSLSocket socket = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.startHandshake();
                socket.getOutputStream().write('x');
                if (socket.getInputStream().read() != 'x') {
                    throw new IOException("the server did not echo");
                }
                System.out.println(HANDSHAKE_DONE + socket.getSession().getProtocol());
            }
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
