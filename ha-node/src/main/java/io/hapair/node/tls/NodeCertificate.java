package io.hapair.node.tls;

import io.hapair.node.files.DurableFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node's TLS certificate for the API and the peer link: a configured PEM pair, or a self-signed
 * one generated at first start and kept in the data directory so that it survives restarts.
 */
public record NodeCertificate(Path certPath, Path keyPath, X509Certificate certificate) {

    // Ten years: a self-signed appliance certificate that expires silently would take the API down.
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** Loads the configured pair, or the one in {@code dataDir}, generating it when missing. */
    public static NodeCertificate ensure(Path configuredCert, Path configuredKey, Path dataDir, String nodeName,
                                         List<String> addresses) {
        try {
            if (configuredCert != null) {
                return new NodeCertificate(configuredCert, configuredKey, read(configuredCert));
            }
            Path cert = dataDir.resolve("node-cert.pem");
            Path key = dataDir.resolve("node-key.pem");
            if (!Files.exists(cert) || !Files.exists(key)) {
                generate(cert, key, nodeName, addresses);
            }
            return new NodeCertificate(cert, key, read(cert));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the TLS certificate in " + dataDir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate's DER form: the peer link binds its authentication to it. */
    public byte[] fingerprint() {
        return fingerprintOf(certificate);
    }

    public static byte[] fingerprintOf(java.security.cert.Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate read(Path cert) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void generate(Path certPath, Path keyPath, String nodeName, List<String> addresses)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + nodeName.replaceAll("[,=+<>#;\"\\\\]", "_") + ",O=ha-pair");
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String address : addresses) {
            names.add(new GeneralName(GeneralName.iPAddress, address));
        }
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(new GeneralName[0])));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Files.createDirectories(certPath.getParent());
        writePrivate(keyPath, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        writePrivate(certPath, pem(cert));
    }

    private static void writePrivate(Path path, String pem) throws IOException {
        DurableFile.writePrivate(path, pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
