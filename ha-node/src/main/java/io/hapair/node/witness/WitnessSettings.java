package io.hapair.node.witness;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The witness as configured, validated by the configuration loader.
 *
 * @param type      the store, or {@link WitnessType#NONE}
 * @param endpoints etcd's client URLs, or the one blob service URL
 * @param name      etcd: the key of the pair's lease; azure-blob: CONTAINER/BLOB
 * @param leaseTtl  how long a lease lasts unless renewed
 * @param secret    etcd: USER:PASSWORD; azure-blob: a storage connection string instead of the managed
 *                  identity; null for none
 * @param holder    what this node writes as the lease holder's name (its node name)
 */
public record WitnessSettings(WitnessType type, List<URI> endpoints, String name, Duration leaseTtl, String secret,
                              String holder) {

    public static final WitnessSettings NONE = new WitnessSettings(WitnessType.NONE, List.of(), "", Duration.ZERO,
            null, "");

    public WitnessSettings {
        endpoints = List.copyOf(endpoints);
    }

    /** The same name on both nodes of a pair, from their two addresses, so neither needs to configure it. */
    public static String defaultName(WitnessType type, String address, String partner) {
        String a = address.compareTo(partner) <= 0 ? address : partner;
        String b = a.equals(address) ? partner : address;
        String pair = (a + "-" + b).replace(':', '-');
        return type == WitnessType.AZURE_BLOB ? "hapair-witness/pair-" + pair : "/hapair/witness/" + pair;
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "WitnessSettings[" + type.key() + " " + endpoints + " " + name + ", ttl " + leaseTtl.toMillis() + " ms]";
    }
}
