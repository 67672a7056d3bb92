package io.hapair.node.cli;

import java.util.Map;
import java.util.Properties;

/**
 * System properties every hanode process sets for itself, each unless its command line already sets it
 * ({@code -D} wins). Each takes time from a node's start that buys the node nothing (measured with JFR).
 */
final class JvmDefaults {

    /**
     * Vert.x turns the node's PEM key into an in-memory PKCS12 key store for the API's and the peer link's
     * TLS and reads it back: at the JDK's 10,000 PBKDF2 iterations each way, about 0.27 s of CPU in every
     * start. That store never leaves memory, and the key lies unencrypted in the PEM file it came from. The
     * node writes no PKCS12 file, the only kind this count protects.
     */
    static final String PKCS12_KEY_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";
    /**
     * Netty 4.2 registers its flight-recorder event types when it allocates its first buffer chunk: about
     * 0.1 s of the start, for events only a flight recording reads ({@code -Dio.netty.jfr.enabled=true}
     * brings them back for one).
     */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    static final Map<String, String> DEFAULTS = Map.of(PKCS12_KEY_ITERATIONS, "1", NETTY_JFR, "false");

    private JvmDefaults() {
    }

    /** Before anything reads them: the key store at the first TLS server, Netty when its classes load. */
    static void apply(Properties system) {
        DEFAULTS.forEach(system::putIfAbsent);
    }
}
