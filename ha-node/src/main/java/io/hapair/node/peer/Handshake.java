package io.hapair.node.peer;

import java.util.Base64;
import java.util.List;

/**
 * Mutual authentication with the pair's shared secret, bound to the TLS server certificate
 * (tls-server-end-point style): the client proves first, so an unauthenticated caller learns
 * nothing; a man in the middle presenting its own certificate makes both proofs fail.
 *
 * <pre>
 * client -> hello     {client nonce}
 * server -> challenge {server nonce}
 * client -> auth      {HMAC(pairKey, "client", server nonce, client nonce, cert fingerprint)}
 * server -> welcome   {HMAC(pairKey, "server", client nonce, server nonce, cert fingerprint)}
 * </pre>
 *
 * Rotation: a node may also hold its previous secret. As server it accepts a client proof made with
 * either secret (current first); as client it sends a second proof made with the previous one (auth
 * {@code previousProof}), because each node also dials its partner, and a partner not yet rotated
 * knows only the old secret. The one secret that matched alone makes the server's proof and the
 * session key, so both sides key the session alike whichever it was.
 */
public final class Handshake {

    private Handshake() {
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s, String what) throws PeerProtocolException {
        try {
            return Base64.getDecoder().decode(s == null ? "" : s);
        } catch (IllegalArgumentException e) {
            throw new PeerProtocolException(what + " is not base64");
        }
    }

    /** The pair keys of the current secret and, if given, the previous one, in that order. */
    private static List<byte[]> pairKeys(String secret, String previousSecret) {
        return previousSecret == null ? List.of(PeerCrypto.pairKey(secret))
                : List.of(PeerCrypto.pairKey(secret), PeerCrypto.pairKey(previousSecret));
    }

    private static byte[] proof(byte[] pairKey, String role, byte[] first, byte[] second, byte[] fingerprint) {
        return PeerCrypto.hmac(pairKey, PeerCrypto.utf8(role), first, second, fingerprint);
    }

    private static Session session(byte[] pairKey, byte[] clientNonce, byte[] serverNonce, byte[] fingerprint,
                                   boolean clientSide) {
        return new Session(PeerCrypto.hmac(pairKey, PeerCrypto.utf8("session"), clientNonce, serverNonce, fingerprint),
                clientSide);
    }

    /** The connecting side. */
    public static final class Client {
        private final List<byte[]> pairKeys;
        private final byte[] clientNonce = PeerCrypto.nonce();
        private byte[] serverNonce;
        private byte[] fingerprint;

        public Client(String secret) {
            this(secret, null);
        }

        /** {@code previousSecret} (may be null) is offered as well, for a partner not yet rotated. */
        public Client(String secret, String previousSecret) {
            this.pairKeys = pairKeys(secret, previousSecret);
        }

        public String clientNonce() {
            return b64(clientNonce);
        }

        /**
         * Answers the challenge with the current secret; {@code fingerprint} is of the certificate the
         * server presented.
         */
        public String proveTo(String serverNonceB64, byte[] serverFingerprint) throws PeerProtocolException {
            byte[] nonce = unb64(serverNonceB64, "server nonce");
            if (nonce.length < 16) {
                throw new PeerProtocolException("server nonce too short");
            }
            serverNonce = nonce;
            fingerprint = serverFingerprint;
            return b64(proof(pairKeys.get(0), "client", serverNonce, clientNonce, fingerprint));
        }

        /** The same answer made with the previous secret, or null without one; call after {@link #proveTo}. */
        public String previousProof() {
            return pairKeys.size() < 2 || serverNonce == null ? null
                    : b64(proof(pairKeys.get(1), "client", serverNonce, clientNonce, fingerprint));
        }

        /** Accepts the server's proof made with any secret this client offered, and keys the session with it. */
        public Session verifyWelcome(String serverProofB64) throws PeerProtocolException {
            if (serverNonce == null) {
                throw new PeerProtocolException("welcome before challenge");
            }
            byte[] given = unb64(serverProofB64, "server proof");
            for (byte[] pairKey : pairKeys) {
                if (PeerCrypto.equal(proof(pairKey, "server", clientNonce, serverNonce, fingerprint), given)) {
                    return session(pairKey, clientNonce, serverNonce, fingerprint, true);
                }
            }
            throw new PeerProtocolException("server failed to prove the pairing secret");
        }
    }

    /** The accepting side. */
    public static final class Server {
        private final List<byte[]> pairKeys;
        private final byte[] fingerprint;
        private final byte[] serverNonce = PeerCrypto.nonce();
        private byte[] clientNonce;
        private byte[] matchedKey;

        /**
         * {@code ownFingerprint} is of the certificate this server presents; a client proving
         * {@code previousSecret} (may be null) is accepted too.
         */
        public Server(String secret, String previousSecret, byte[] ownFingerprint) {
            this.pairKeys = pairKeys(secret, previousSecret);
            this.fingerprint = ownFingerprint;
        }

        public String challenge(String clientNonceB64) throws PeerProtocolException {
            byte[] nonce = unb64(clientNonceB64, "client nonce");
            if (nonce.length < 16) {
                throw new PeerProtocolException("client nonce too short");
            }
            clientNonce = nonce;
            return b64(serverNonce);
        }

        /**
         * Verifies the client's proofs ({@code previousProof} may be null) against each secret this
         * server holds, current first; returns the server's own proof, made with the secret that
         * matched, for the welcome frame.
         */
        public String verify(String clientProofB64, String previousProofB64) throws PeerProtocolException {
            if (clientNonce == null) {
                throw new PeerProtocolException("auth before hello");
            }
            List<byte[]> given = previousProofB64 == null ? List.of(unb64(clientProofB64, "client proof"))
                    : List.of(unb64(clientProofB64, "client proof"), unb64(previousProofB64, "client previous proof"));
            for (byte[] pairKey : pairKeys) {
                byte[] expected = proof(pairKey, "client", serverNonce, clientNonce, fingerprint);
                for (byte[] proof : given) {
                    if (PeerCrypto.equal(expected, proof)) {
                        matchedKey = pairKey;
                        return b64(proof(pairKey, "server", clientNonce, serverNonce, fingerprint));
                    }
                }
            }
            throw new PeerProtocolException("wrong pairing secret (client proof does not verify"
                    + (pairKeys.size() > 1 ? " with pairing-secret nor pairing-secret-previous)" : ")"));
        }

        public Session session() throws PeerProtocolException {
            if (matchedKey == null) {
                throw new PeerProtocolException("session before the client proved the pairing secret");
            }
            return Handshake.session(matchedKey, clientNonce, serverNonce, fingerprint, false);
        }
    }
}
