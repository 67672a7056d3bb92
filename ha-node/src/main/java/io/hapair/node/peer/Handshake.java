package io.hapair.node.peer;

import java.util.Base64;

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
        private final byte[] pairKey;
        private final byte[] clientNonce = PeerCrypto.nonce();
        private byte[] serverNonce;
        private byte[] fingerprint;

        public Client(String secret) {
            this.pairKey = PeerCrypto.pairKey(secret);
        }

        public String clientNonce() {
            return b64(clientNonce);
        }

        /** Answers the challenge; {@code fingerprint} is of the certificate the server presented. */
        public String proveTo(String serverNonceB64, byte[] serverFingerprint) throws PeerProtocolException {
            byte[] nonce = unb64(serverNonceB64, "server nonce");
            if (nonce.length < 16) {
                throw new PeerProtocolException("server nonce too short");
            }
            serverNonce = nonce;
            fingerprint = serverFingerprint;
            return b64(proof(pairKey, "client", serverNonce, clientNonce, fingerprint));
        }

        public Session verifyWelcome(String serverProofB64) throws PeerProtocolException {
            if (serverNonce == null) {
                throw new PeerProtocolException("welcome before challenge");
            }
            byte[] expected = proof(pairKey, "server", clientNonce, serverNonce, fingerprint);
            if (!PeerCrypto.equal(expected, unb64(serverProofB64, "server proof"))) {
                throw new PeerProtocolException("server failed to prove the pairing secret");
            }
            return session(pairKey, clientNonce, serverNonce, fingerprint, true);
        }
    }

    /** The accepting side. */
    public static final class Server {
        private final byte[] pairKey;
        private final byte[] fingerprint;
        private final byte[] serverNonce = PeerCrypto.nonce();
        private byte[] clientNonce;

        /** {@code ownFingerprint} is of the certificate this server presents. */
        public Server(String secret, byte[] ownFingerprint) {
            this.pairKey = PeerCrypto.pairKey(secret);
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

        /** Verifies the client's proof; returns the server's own proof for the welcome frame. */
        public String verify(String clientProofB64) throws PeerProtocolException {
            if (clientNonce == null) {
                throw new PeerProtocolException("auth before hello");
            }
            byte[] expected = proof(pairKey, "client", serverNonce, clientNonce, fingerprint);
            if (!PeerCrypto.equal(expected, unb64(clientProofB64, "client proof"))) {
                throw new PeerProtocolException("wrong pairing secret (client proof does not verify)");
            }
            return b64(proof(pairKey, "server", clientNonce, serverNonce, fingerprint));
        }

        public Session session() {
            return Handshake.session(pairKey, clientNonce, serverNonce, fingerprint, false);
        }
    }
}
