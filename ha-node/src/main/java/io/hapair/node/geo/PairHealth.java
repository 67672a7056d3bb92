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
 * <p>Remote clusters are as their last poll over the API said ({@link RemoteClusterPoller}), default
 * clusters as their checks say ({@link ClusterChecker}). A mapping to a bare address is asked about as
 * an unchecked default cluster, so it counts as up: an operator who wants it checked makes it a cluster.
 */
public final class PairHealth implements ClusterHealth {

    /** Who of the pair is active now; a standalone unit has no partner and is always active. */
    public record PairState(boolean selfActive, boolean partnerActive) {
    }

    private final String ownAddress;
    private final String partnerAddress;
    private final Supplier<PairState> state;
    private final ClusterHealth remote;
    private final ClusterHealth checked;

    /**
     * @param partnerAddress null for a standalone unit
     * @param remote what polling says about {@code remote} clusters
     * @param checked what the checks say about {@code default} clusters
     */
    public PairHealth(String ownAddress, String partnerAddress, Supplier<PairState> state, ClusterHealth remote,
                      ClusterHealth checked) {
        this.ownAddress = ownAddress;
        this.partnerAddress = partnerAddress;
        this.state = state;
        this.remote = remote;
        this.checked = checked;
    }

    /** Whether {@code cluster} is this unit, whose health is the pair's state rather than a poll or a check. */
    public boolean thisUnit(GeoCluster cluster) {
        return cluster.type() == GeoCluster.Type.LOCAL || cluster.address().equals(ownAddress);
    }

    @Override
    public Optional<String> servingAddress(GeoCluster cluster) {
        if (!thisUnit(cluster)) {
            return (cluster.type() == GeoCluster.Type.REMOTE ? remote : checked).servingAddress(cluster);
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
