package io.hapair.node.settings;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM certificates and keys made for the tests, in the forms operators paste: SEC1 and PKCS#1
 * keys from OpenSSL's older tools, PKCS#8 from the newer ones.
 */
public record TestCertificates(String chainPem, String keyPem, KeyPair keys) {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public static final TestCertificates EC_LEAF = selfSigned("EC", "SHA256withECDSA", false);
    public static final TestCertificates OTHER_EC_LEAF = selfSigned("EC", "SHA256withECDSA", false);
    public static final TestCertificates RSA_LEAF = selfSigned("RSA", "SHA256withRSA", true);
    public static final TestCertificates ED25519_LEAF = selfSigned("Ed25519", "Ed25519", true);
    public static final TestCertificates LEAF_AND_CA = issuedByCa();
    /** Well formed, and accepted here, but under OpenSSL 3's default security level (2048 bits). */
    public static final TestCertificates RSA_1024_LEAF = selfSigned(rsaKeys(1024), "SHA256withRSA", true);
    /*
     * Made by OpenSSL 3.0, as an operator would:
     *   openssl ecparam -genkey -name prime256v1 -noout -out openssl-ec-sec1-key.pem
     *   openssl genrsa -traditional -out openssl-rsa-pkcs1-key.pem 2048
     *   openssl req -x509 -new -key KEY -subj /CN=... -days 3650 -out CERT
     */
    public static final TestCertificates OPENSSL_EC = resources("openssl-ec-cert.pem", "openssl-ec-sec1-key.pem");
    public static final TestCertificates OPENSSL_RSA = resources("openssl-rsa-cert.pem", "openssl-rsa-pkcs1-key.pem");

    /** The EC leaf's key, encrypted with a passphrase. */
    static String encryptedEcKey() {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                    .setPassword("secret".toCharArray()).build();
            return pem(new JcaPKCS8Generator(EC_LEAF.keys.getPrivate(), encryptor).generate());
        } catch (OperatorCreationException | PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC key of the JDK's own provider, which JcaPEMWriter writes in SEC1 form without its curve. */
    static String curvelessEcKey() {
        try {
            KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
            jdk.initialize(new ECGenParameterSpec("secp256r1"));
            return pem(jdk.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates resources(String certificate, String key) {
        return new TestCertificates(resource(certificate), resource(key), null);
    }

    private static String resource(String name) {
        try (var in = TestCertificates.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    private static TestCertificates selfSigned(String keyAlgorithm, String signatureAlgorithm, boolean pkcs8) {
        return selfSigned(keyPair(keyAlgorithm), signatureAlgorithm, pkcs8);
    }

    private static TestCertificates selfSigned(KeyPair keys, String signatureAlgorithm, boolean pkcs8) {
        X509CertificateHolder certificate = certificate("CN=www.example.com", keys, "CN=www.example.com",
                keys.getPrivate(), signatureAlgorithm);
        return new TestCertificates(pem(certificate), keyPem(keys.getPrivate(), pkcs8), keys);
    }

    private static TestCertificates issuedByCa() {
        KeyPair ca = keyPair("EC");
        KeyPair leaf = keyPair("EC");
        X509CertificateHolder caCertificate = certificate("CN=Test CA", ca, "CN=Test CA", ca.getPrivate(),
                "SHA256withECDSA");
        X509CertificateHolder leafCertificate = certificate("CN=api.example.com", leaf, "CN=Test CA", ca.getPrivate(),
                "SHA256withECDSA");
        return new TestCertificates(pem(leafCertificate) + pem(caCertificate), keyPem(leaf.getPrivate(), true), leaf);
    }

    private static KeyPair rsaKeys(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            // BouncyCastle's EC keys carry their curve inside the SEC1 structure, as OpenSSL's do; the JDK's do not.
            KeyPairGenerator generator = algorithm.equals("EC") ? KeyPairGenerator.getInstance(algorithm, BC)
                    : KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            } else if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1")); // P-256, what certificates use
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509CertificateHolder certificate(String subject, KeyPair subjectKeys, String issuer,
                                                     PrivateKey issuerKey, String signatureAlgorithm) {
        Instant now = Instant.now();
        try {
            return new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    new X500Name(subject), subjectKeys.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyPem(PrivateKey key, boolean pkcs8) {
        try {
            // JcaPEMWriter writes a JCA key in its traditional form: EC PRIVATE KEY or RSA PRIVATE KEY.
            return pkcs8 ? pem(new JcaPKCS8Generator(key, null).generate()) : pem(key);
        } catch (PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Bouncy Castle object (key, certificate) as PEM text. */
    public static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
