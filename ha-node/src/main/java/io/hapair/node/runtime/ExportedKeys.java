package io.hapair.node.runtime;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Private keys in an export: encrypted with the operator's passphrase as encrypted PKCS#8 PEM
 * ("ENCRYPTED PRIVATE KEY", PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC), which
 * {@code openssl pkey -in key.pem} also reads. Slow on purpose: call it off the event loop.
 */
final class ExportedKeys {

    /** Shorter passphrases are refused: the export file may be kept for years, anywhere. */
    static final int MIN_PASSPHRASE = 12;
    static final String HEADER = "X-Key-Passphrase";
    // PBKDF2 rounds: each guess at the passphrase costs this many HMAC-SHA256 computations. Every key has
    // its own salt and so its own derivation; this keeps an export of dozens of certificates to seconds.
    private static final int ITERATIONS = 100_000;
    private static final String ENCRYPTED = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    // One provider instance, not registered globally, as PemPair does.
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** The passphrase does not open the key (or the text is not an encrypted key). */
    static final class CannotDecrypt extends Exception {
        private static final long serialVersionUID = 1L;

        CannotDecrypt(String message) {
            super(message);
        }
    }

    private ExportedKeys() {
    }

    static boolean encrypted(String pem) {
        return pem != null && pem.strip().startsWith(ENCRYPTED);
    }

    /** The key of an unencrypted PEM key in any form the store holds (PKCS#8, PKCS#1 or SEC1). */
    private static PrivateKeyInfo keyOf(String keyPem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
            Object block = parser.readObject();
            return block instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) block;
        }
    }

    /** True when both PEM texts hold the same key, whatever their forms; false when either does not read. */
    static boolean sameKey(String onePem, String otherPem) {
        try {
            return keyOf(onePem).equals(keyOf(otherPem));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code keyPem} (PKCS#8, PKCS#1 or SEC1, as stored) encrypted with the passphrase. */
    static String encrypt(String keyPem, char[] passphrase) {
        try {
            PrivateKeyInfo info = keyOf(keyPem);
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256).setIterationCount(ITERATIONS).setPassword(passphrase)
                    .build();
            return pem(new PKCS8Generator(info, encryptor).generate());
        } catch (IOException | OperatorCreationException | ClassCastException e) {
            // Stored keys were validated on the way in; one that no longer reads is a broken store.
            throw new IllegalStateException("a stored private key cannot be read: " + e.getMessage(), e);
        }
    }

    /** The key as unencrypted PKCS#8 PEM ("PRIVATE KEY"). */
    static String decrypt(String encryptedPem, char[] passphrase) throws CannotDecrypt {
        Object block;
        try (PEMParser parser = new PEMParser(new StringReader(encryptedPem))) {
            block = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new CannotDecrypt("is not a readable encrypted key (" + e.getMessage() + ")");
        }
        if (!(block instanceof PKCS8EncryptedPrivateKeyInfo info)) {
            throw new CannotDecrypt("is not an ENCRYPTED PRIVATE KEY block");
        }
        try {
            PrivateKeyInfo key = info.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            return pem(new PKCS8Generator(key, null).generate());
        } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
            // A wrong passphrase mostly fails the padding check, rarely the key structure: the same cause.
            throw new CannotDecrypt("cannot be decrypted with the passphrase given");
        }
    }

    private static String pem(PemObject object) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
