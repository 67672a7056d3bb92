package io.hapair.node.settings;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Checks a PEM certificate chain and its private key, in memory: both parse, and the key belongs to
 * the first certificate. A key that signs what the certificate's public key verifies is its key,
 * whatever the algorithm, so that is the test.
 */
final class PemPair {

    // One provider instance, not registered globally: BouncyCastle reads every key form PEM allows,
    // and the JVM's own providers stay as the rest of the node configured them.
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    // Any bytes do: what matters is that the certificate's public key verifies what the private key signed.
    private static final byte[] PROBE = new byte[32];

    private PemPair() {
    }

    static void check(String chainPem, String keyPem, Findings findings) {
        List<X509CertificateHolder> certificates = certificates(chainPem, "certificateChain", findings);
        PrivateKeyInfo keyInfo = privateKey(keyPem, findings);
        if (certificates.isEmpty() || keyInfo == null) {
            return;
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
        PrivateKey key;
        try {
            key = converter.getPrivateKey(keyInfo);
        } catch (IOException e) {
            findings.error("privateKey", "the key cannot be read (" + e.getMessage() + "); export it again, "
                    + "for example with openssl pkey -in key.pem -out key-pkcs8.pem");
            return;
        }
        X509CertificateHolder first = certificates.get(0);
        String mismatch = mismatch(converter, first, key);
        if (mismatch != null) {
            findings.error("privateKey", mismatch + "; give the key of " + first.getSubject()
                    + ", or put the certificate of this key first in certificateChain");
        }
    }

    /** The certificates of a PEM text that holds certificates only; none after reporting what is wrong. */
    static List<X509CertificateHolder> certificates(String chain, String field, Findings findings) {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        List<Object> blocks = blocks(chain, field, findings);
        if (blocks == null) {
            return certificates;
        }
        for (Object block : blocks) {
            if (!(block instanceof X509CertificateHolder certificate)) {
                findings.error(field, "holds something other than a certificate ("
                        + block.getClass().getSimpleName() + "); give only CERTIFICATE blocks");
                return List.of();
            }
            certificates.add(certificate);
        }
        if (certificates.isEmpty()) {
            findings.error(field, "no PEM certificate found; paste it as -----BEGIN CERTIFICATE----- blocks");
        }
        return certificates;
    }

    private static PrivateKeyInfo privateKey(String key, Findings findings) {
        List<Object> blocks = blocks(key, "privateKey", findings);
        if (blocks == null) {
            return null;
        }
        if (blocks.size() != 1) {
            findings.error("privateKey", blocks.size() + " PEM blocks found; give exactly one private key");
            return null;
        }
        Object block = blocks.get(0);
        if (block instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo(); // PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY)
        }
        if (block instanceof PrivateKeyInfo info) {
            return info; // PKCS#8 (PRIVATE KEY)
        }
        if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            findings.error("privateKey", "the key is encrypted; give it without a passphrase "
                    + "(openssl pkey -in key.pem -out plain-key.pem)");
        } else {
            findings.error("privateKey", "holds " + block.getClass().getSimpleName() + ", not a private key; give "
                    + "one PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
        }
        return null;
    }

    /** The parsed PEM blocks, or null after reporting why the text is not PEM. */
    private static List<Object> blocks(String text, String field, Findings findings) {
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
            return blocks;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 or DER with unchecked exceptions too; all mean "not valid PEM".
            findings.error(field, "is not valid PEM (" + e.getMessage() + "); paste the file as it is, "
                    + "-----BEGIN and -----END lines included");
            return null;
        }
    }

    /** Why the key does not belong to the certificate, or null when it does. */
    private static String mismatch(JcaPEMKeyConverter converter, X509CertificateHolder certificate, PrivateKey key) {
        try {
            PublicKey publicKey = converter.getPublicKey(certificate.getSubjectPublicKeyInfo());
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "Ed25519", "Ed448" -> key.getAlgorithm();
                default -> null;
            };
            if (algorithm == null) {
                return "a " + key.getAlgorithm() + " key is not supported; use an RSA, EC or Ed25519 key";
            }
            Signature signer = Signature.getInstance(algorithm, BC);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, BC);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature) ? null : "the key does not belong to the first certificate";
        } catch (GeneralSecurityException | IOException e) {
            // A key of another type than the certificate's (RSA against EC) ends here.
            return "the key does not belong to the first certificate (" + e.getMessage() + ")";
        }
    }
}
