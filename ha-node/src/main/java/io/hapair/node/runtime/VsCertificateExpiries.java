package io.hapair.node.runtime;

import io.hapair.node.settings.VsCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each stored virtual-service certificate expires, each chain parsed once: the health check asks every
 * health-check-interval, and a site with thousands of TLS services would otherwise parse them all each time. The
 * expiry is kept by a SHA-256 digest of the PEM chain, so a replaced certificate is read again under its new body;
 * the digest rather than the text, which would keep a second copy of every chain in the heap. Thread-safe.
 */
final class VsCertificateExpiries {

    private static final Logger LOG = LoggerFactory.getLogger(VsCertificateExpiries.class);

    private final ToLongFunction<String> notAfter;
    // Digest of a chain: its expiry, or empty when it does not parse. Only the chains stored at the last call, so
    // the entry of a deleted or replaced certificate goes at the next.
    private Map<String, OptionalLong> byChain = Map.of();

    VsCertificateExpiries() {
        this(VsCertificateExpiries::firstNotAfter);
    }

    /**
     * @param notAfter when a PEM chain's first certificate expires, in milliseconds since the epoch; throws an
     *                 unchecked exception for a chain that does not parse
     */
    VsCertificateExpiries(ToLongFunction<String> notAfter) {
        this.notAfter = notAfter;
    }

    /**
     * When each of {@code certificates} expires, by name. One that does not parse is left out, with one warning per
     * body: the virtual-service rules refuse such a certificate before it is stored.
     */
    synchronized Map<String, Long> of(List<VsCertificate> certificates) {
        Map<String, OptionalLong> stored = new HashMap<>();
        Map<String, Long> byName = new HashMap<>();
        for (VsCertificate certificate : certificates) {
            OptionalLong expiry = stored.computeIfAbsent(digest(certificate.certificateChain()),
                    digest -> byChain.containsKey(digest) ? byChain.get(digest) : read(certificate));
            expiry.ifPresent(millis -> byName.put(certificate.name(), millis));
        }
        byChain = stored;
        return byName;
    }

    private OptionalLong read(VsCertificate certificate) {
        try {
            return OptionalLong.of(notAfter.applyAsLong(certificate.certificateChain()));
        } catch (RuntimeException e) {
            LOG.warn("health: cannot read virtual-service certificate {}: {}", certificate.name(), e.toString());
            return OptionalLong.empty();
        }
    }

    /** When the first certificate of a PEM chain, the one a virtual service presents, expires. */
    static long firstNotAfter(String chain) {
        return first(chain).getNotAfter().getTime();
    }

    /** The first certificate of a PEM chain, the one a server presents; unchecked exceptions for one that does not parse. */
    static X509Certificate first(String chain) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(chain.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String digest(String chain) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(chain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
