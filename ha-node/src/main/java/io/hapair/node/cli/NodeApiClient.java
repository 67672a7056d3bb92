package io.hapair.node.cli;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One request to a node's REST API as its one user, bal, trusting the node's (self-signed)
 * certificate as told: a PEM file, or no verification at all. Callers check their own flags first,
 * so that errors name them. The JDK's client, not Vert.x: a CLI command sends one request and
 * should not start an event loop for it.
 */
final class NodeApiClient {

    static final String USER = "bal";

    // A node that does not even accept the connection within this is down or filtered.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private NodeApiClient() {
    }

    /** A node's answer: its status and body. */
    record Response(int statusCode, String body) {
        /** The body as JSON, null when empty; throws a RuntimeException when it is not a JSON object. */
        JsonObject bodyAsJsonObject() {
            return body.isEmpty() ? null : new JsonObject(body);
        }
    }

    /** As {@link #send(String, URI, String, String, String, boolean, Duration, String)} without a body. */
    static Response send(String method, URI node, String path, String password, String caCert, boolean insecure,
                         Duration timeout) throws IOException {
        return send(method, node, path, password, caCert, insecure, timeout, null);
    }

    /**
     * @param method  GET, POST or PUT
     * @param json    the request's JSON body; null for none
     * @param node    the API's base, e.g. https://10.0.1.4:8443
     * @param caCert  PEM file to trust; ignored when {@code insecure}
     * @param timeout how long the whole request may take
     * @throws IllegalArgumentException when {@code node} is no usable URL
     * @throws IOException              when the node cannot be reached or asked; the message says why
     */
    static Response send(String method, URI node, String path, String password, String caCert, boolean insecure,
                         Duration timeout, String json) throws IOException {
        int port = node.getPort() > 0 ? node.getPort() : 443;
        URI target = URI.create(node.getScheme() + "://" + node.getHost() + ":" + port + path);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .sslContext(sslContext(insecure ? null : Path.of(caCert))).build();
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).header("Authorization", "Basic " + credentials)
                .timeout(timeout);
        HttpRequest request = (json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))).build();
        try {
            // The request timeout ends at the response's headers; this bounds reading the body too.
            HttpResponse<String> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
            return new Response(response.statusCode(), response.body());
        } catch (ExecutionException e) {
            throw new IOException(describe(e.getCause(), target, caCert), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String describe(Throwable failure, URI target, String caCert) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s to " + target.getHost() + ":"
                    + target.getPort();
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within the request timeout";
        }
        if (failure instanceof ConnectException) {
            return "Connection refused: " + target.getHost() + ":" + target.getPort();
        }
        if (failure instanceof SSLHandshakeException && caCert != null) {
            return "its certificate is not the one in " + caCert + " (" + failure.getMessage() + ")";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    /** Trusts the certificates in {@code caCert}, or any certificate when it is null. */
    private static SSLContext sslContext(Path caCert) throws IOException {
        try {
            X509TrustManager trust = caCert == null ? null : pemTrust(caCert);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new HostAgnosticTrust(trust)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use certificate file " + caCert + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager pemTrust(Path caCert) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caCert)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IOException("cannot read certificate file " + caCert + " (" + e + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate in it");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("node-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * The certificate names the node's hostname, not the address it is reached on: trust, don't match.
     * An extended trust manager, because the JDK would wrap a plain one and match the hostname itself;
     * the engine and socket checks therefore skip the endpoint identification. {@code chain} null trusts all.
     */
    private static final class HostAgnosticTrust extends X509ExtendedTrustManager {
        private final X509TrustManager chain;

        HostAgnosticTrust(X509TrustManager chain) {
            this.chain = chain;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            if (chain != null) {
                chain.checkServerTrusted(certificates, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(certificates, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(certificates, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            throw new CertificateException("a CLI client does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(certificates, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(certificates, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain == null ? new X509Certificate[0] : chain.getAcceptedIssuers();
        }
    }
}
