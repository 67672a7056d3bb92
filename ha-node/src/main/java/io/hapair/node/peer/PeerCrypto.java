package io.hapair.node.peer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 (JDK) and nonces for the peer handshake. No crypto of our own, only its composition. */
final class PeerCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 32;
    private static final String HMAC = "HmacSHA256";
    // One Mac per thread, keyed anew for each MAC: looking the algorithm up in the JDK's providers for every frame
    // and heartbeat was about half of the MAC's cost (JFR, the write benchmark's slave).
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    });

    private PeerCrypto() {
    }

    static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The pair key: the shared secret, domain-separated so it is never used raw. */
    static byte[] pairKey(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), utf8("ha-pair peer link v1"));
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, HMAC));
            for (byte[] part : parts) {
                mac.update(intBytes(part.length));
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key " + HMAC + ": " + e.getMessage(), e);
        }
    }

    static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
