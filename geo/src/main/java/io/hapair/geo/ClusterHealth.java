package io.hapair.geo;

import java.util.Optional;

/**
 * What the health checks know about a site, asked by {@link GeoAnswerer}. A mapping that is a bare
 * address is asked about as a {@code default} cluster at that address, named by the address.
 */
@FunctionalInterface
public interface ClusterHealth {

    /**
     * The address that serves {@code cluster} now, or empty when it is down. Usually the cluster's
     * own address; for an HA pair whose slave is active, the slave's, so a failover inside a pair
     * moves the answer without an operator.
     */
    Optional<String> servingAddress(GeoCluster cluster);
}
