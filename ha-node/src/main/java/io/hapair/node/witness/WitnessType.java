package io.hapair.node.witness;

import java.time.Duration;
import java.util.Locale;

/** Which store, if any, holds the pair's witness lease, and the lease lengths it grants. */
public enum WitnessType {
    /** No witness: a silent partner is taken for dead (a cut peer link makes both nodes active). */
    NONE(Duration.ZERO, Duration.ZERO, Duration.ZERO),
    // 3 s: a dead active node's lease runs out about 2 s after the partner declared it dead (900 ms),
    // while a witness that is slow for a second or two costs no takeover. 2 s is etcd's own minimum with
    // its default election timeout (it raises shorter leases to it); past a minute a takeover waits too long.
    ETCD(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(60)),
    // 15 s to 60 s: the only finite leases Azure Blob Storage grants.
    AZURE_BLOB(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60));

    private final Duration defaultLeaseTtl;
    private final Duration minLeaseTtl;
    private final Duration maxLeaseTtl;

    WitnessType(Duration defaultLeaseTtl, Duration minLeaseTtl, Duration maxLeaseTtl) {
        this.defaultLeaseTtl = defaultLeaseTtl;
        this.minLeaseTtl = minLeaseTtl;
        this.maxLeaseTtl = maxLeaseTtl;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Duration defaultLeaseTtl() {
        return defaultLeaseTtl;
    }

    public Duration minLeaseTtl() {
        return minLeaseTtl;
    }

    public Duration maxLeaseTtl() {
        return maxLeaseTtl;
    }

    public static WitnessType fromKey(String key) {
        for (WitnessType t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown witness type " + key);
    }
}
