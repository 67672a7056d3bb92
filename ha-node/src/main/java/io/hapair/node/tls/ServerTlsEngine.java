package io.hapair.node.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's TLS for the node's servers (API, peer link), with the server context made from the JDK's
 * {@link SSLContext} directly instead of through Netty's {@code JdkSslServerContext}. That class, when it
 * first loads, parses a built-in test key, and with Bouncy Castle on the class path (the node's certificates
 * use it) Netty then builds a whole Bouncy Castle JCA provider of its own just for that: about 500 classes and
 * 5 MiB of resident memory from the first TLS connection on (measured: 118 against 112 MiB after the first API
 * requests, unit's JVM options). Key and trust managers, cipher suites, ALPN and client authentication are
 * the ones Vert.x passes, as its own factory uses them.
 *
 * <p>Unless the options name cipher suites, the server prefers ChaCha20-Poly1305 over the JDK's first choice,
 * AES-GCM (the JDK's servers choose by their own order). The node's JVM runs C1 only (the systemd unit's and
 * the launcher's options), and the JDK's AES and GHASH intrinsics are C2's: in Java, AES-GCM encrypts about
 * 40 MB/s here and ChaCha20-Poly1305 about 140 MB/s. TLS was about a quarter of a slave's CPU while it received
 * a full resync of 10,000 virtual services (JFR). Clients that offer no ChaCha20 get AES-GCM as before.
 */
public final class ServerTlsEngine extends JdkSSLEngineOptions {

    public ServerTlsEngine() {
    }

    private ServerTlsEngine(ServerTlsEngine other) {
        super(other);
    }

    @Override
    public ServerTlsEngine copy() {
        return new ServerTlsEngine(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory(super.sslContextFactory());
    }

    /** {@code suites} in their order, except that the ChaCha20-Poly1305 ones come first. */
    static List<String> chaChaFirst(List<String> suites) {
        List<String> ordered = new ArrayList<>(suites.size());
        suites.stream().filter(ServerTlsEngine::chaCha).forEach(ordered::add);
        suites.stream().filter(s -> !chaCha(s)).forEach(ordered::add);
        return ordered;
    }

    private static boolean chaCha(String suite) {
        return suite.contains("_CHACHA20_POLY1305_");
    }

    /** Server contexts made here; client contexts by Vert.x's own factory. */
    private static final class Factory implements SslContextFactory {

        private final SslContextFactory vertx;
        private boolean forClient;
        private boolean useAlpn;
        private ClientAuth clientAuth;
        private KeyManagerFactory keyManagers;
        private TrustManagerFactory trustManagers;
        private Set<String> cipherSuites;
        private List<String> applicationProtocols;

        Factory(SslContextFactory vertx) {
            this.vertx = vertx;
        }

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            this.useAlpn = useAlpn;
            vertx.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
            vertx.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            this.forClient = forClient;
            vertx.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory keyManagers) {
            this.keyManagers = keyManagers;
            vertx.keyMananagerFactory(keyManagers);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory trustManagers) {
            this.trustManagers = trustManagers;
            vertx.trustManagerFactory(trustManagers);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> cipherSuites) {
            this.cipherSuites = cipherSuites;
            vertx.enabledCipherSuites(cipherSuites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
            this.applicationProtocols = applicationProtocols;
            vertx.applicationProtocols(applicationProtocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String serverName) {
            vertx.serverName(serverName);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            if (forClient) {
                return vertx.create();
            }
            SSLContext context;
            try {
                context = SSLContext.getInstance("TLS");
                context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                        trustManagers == null ? null : trustManagers.getTrustManagers(), null);
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot make the server's TLS context: " + e.getMessage(), e);
            }
            // As Vert.x's own factory for the JDK's TLS: the JDK's enabled suites unless options name some, and
            // ALPN failing with an alert rather than silently.
            Iterable<String> suites = cipherSuites == null || cipherSuites.isEmpty()
                    ? chaChaFirst(List.of(context.getDefaultSSLParameters().getCipherSuites())) : cipherSuites;
            ApplicationProtocolConfig alpn = useAlpn && applicationProtocols != null && !applicationProtocols.isEmpty()
                    ? new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, applicationProtocols)
                    : ApplicationProtocolConfig.DISABLED;
            return new JdkSslContext(context, false, suites, IdentityCipherSuiteFilter.INSTANCE, alpn,
                    clientAuth == null ? ClientAuth.NONE : clientAuth, null, false);
        }
    }
}
