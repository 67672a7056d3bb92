package io.hapair.node.pairing.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A certificate's SHA-256 fingerprint, written as openssl and browsers show it
 * ({@code openssl x509 -noout -fingerprint -sha256}): 32 bytes in upper-case hex separated by colons.
 * Parsing also takes plain hex without colons, in either case, as {@code sha256sum} prints it.
 */
public record Fingerprint(String hex) {

    private static final int SHA256_BYTES = 32;
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    public Fingerprint {
        if (hex.length() != SHA256_BYTES * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: " + hex);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /** The fingerprint of a SHA-256 digest. */
    public static Fingerprint of(byte[] sha256) {
        if (sha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
        return new Fingerprint(HexFormat.of().formatHex(sha256));
    }

    /** 64 hex digits, with or without colons between the bytes; empty for anything else. */
    public static Optional<Fingerprint> parse(String text) {
        String digits = text == null ? "" : text.strip().replace(":", "");
        try {
            return Optional.of(new Fingerprint(digits));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return COLONS.formatHex(HexFormat.of().parseHex(hex));
    }
}
