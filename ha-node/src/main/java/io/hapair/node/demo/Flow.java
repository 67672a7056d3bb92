package io.hapair.node.demo;

/**
 * A new TCP flow arriving at a load-balanced frontend. The protocol is always TCP here, so these
 * four fields and the protocol make up the 5-tuple that Azure's default distribution mode hashes.
 */
public record Flow(String sourceHost, int sourcePort, String frontendHost, int frontendPort) {

    /**
     * Deterministic across runs and JVMs (String.hashCode is specified), and mixed so that
     * neighbouring source ports spread evenly over the backends.
     */
    long hash() {
        long h = sourceHost.hashCode();
        h = 31 * h + sourcePort;
        h = 31 * h + frontendHost.hashCode();
        h = 31 * h + frontendPort;
        return mix(h);
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
