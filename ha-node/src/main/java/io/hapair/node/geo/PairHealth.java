package io.hapair.node.geo;

import io.hapair.geo.ClusterHealth;
import io.hapair.geo.GeoCluster;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cluster health as this node sees it. This unit (a {@code local} cluster, or a mapping to this
 * node's own address) is up while either node of the pair is active, and is answered at the active
 * node's address: each node stores the pair's address as its own (the GEO rewrite), so when the
 * partner is the active one the answer names the partner instead.
 *
 * <p>Remote clusters are as their last poll over the API said ({@link RemoteClusterPoller}). Default
 * clusters are not checked yet (no TCP/HTTP probe): they count as up, so that GEO keeps answering them
 * rather than answering nothing.
 */
public final class PairHealth implements ClusterHealth {

    /** Who of the pair is active now; a standalone unit has no partner and is always active. */
    public record PairState(boolean selfActive, boolean partnerActive) {
    }

    private final String ownAddress;
    private final String partnerAddress;
    private final Supplier<PairState> state;
    private final ClusterHealth remote;

    /**
     * @param partnerAddress null for a standalone unit
     * @param remote what polling says about {@code remote} clusters
     */
    public PairHealth(String ownAddress, String partnerAddress, Supplier<PairState> state, ClusterHealth remote) {
        this.ownAddress = ownAddress;
        this.partnerAddress = partnerAddress;
        this.state = state;
        this.remote = remote;
    }

    @Override
    public Optional<String> servingAddress(GeoCluster cluster) {
        boolean thisUnit = cluster.type() == GeoCluster.Type.LOCAL || cluster.address().equals(ownAddress);
        if (!thisUnit) {
            return cluster.type() == GeoCluster.Type.REMOTE ? remote.servingAddress(cluster)
                    : Optional.of(cluster.address());
        }
        PairState now = state.get();
        if (now.selfActive()) {
            return Optional.of(cluster.address());
        }
        if (now.partnerActive() && partnerAddress != null) {
            return Optional.of(cluster.address().equals(ownAddress) ? partnerAddress : cluster.address());
        }
        return Optional.empty();
    }
}
