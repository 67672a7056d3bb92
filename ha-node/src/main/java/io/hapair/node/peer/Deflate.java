package io.hapair.node.peer;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Large bodies of the peer link cross it deflated (the JDK's zlib), once both sides agreed on it in the
 * handshake: a resync's settings batches are repetitive JSON that shrinks about twentyfold (SyncBenchmark),
 * and every byte saved is a byte neither side encrypts, decrypts nor MACs. Small bodies (heartbeats, acknowledgements)
 * go as they are: deflating them would cost more than it saves.
 */
final class Deflate {

    /** Bodies from this size up are deflated. */
    static final int MIN_BODY = 4096;
    /** The value of {@code compression} in hello (offered) and welcome (accepted). */
    static final String OFFER = "deflate";

    private Deflate() {
    }

    /** {@code body} deflated at zlib's fastest level: the link is fast, the CPU is what both nodes share. */
    static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[Math.max(64, body.length / 4)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    /**
     * {@code deflated} inflated to exactly {@code length} bytes, or a protocol error: a body that inflates to
     * more (or less) than its header said is refused before more than that is held.
     */
    static byte[] inflate(byte[] deflated, int length, int max) throws PeerProtocolException {
        if (length < 0 || length > max) {
            throw new PeerProtocolException("deflated body of " + length + " bytes outside 0.." + max);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            byte[] out = new byte[length];
            byte[] beyond = new byte[1];
            int n = 0;
            while (!inflater.finished()) {
                // Past the length the header gave, one byte more is already too many; zlib's checksum is not output.
                int got = n < length ? inflater.inflate(out, n, length - n) : inflater.inflate(beyond);
                if (n == length && got > 0) {
                    throw new PeerProtocolException("deflated body inflates to more than the " + length
                            + " bytes its header says");
                }
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new PeerProtocolException("deflated body ends before its " + length + " bytes");
                }
                n += got;
            }
            if (n != length) {
                throw new PeerProtocolException("deflated body inflates to " + n + " bytes, not the " + length
                        + " its header says");
            }
            if (inflater.getRemaining() != 0) {
                throw new PeerProtocolException("deflated body has " + inflater.getRemaining() + " bytes after its end");
            }
            return out;
        } catch (DataFormatException e) {
            throw new PeerProtocolException("deflated body is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
