package io.hapair.geo;

/**
 * What a unit does to a GEO cluster received from a GEO partner (another pair or standalone unit). The
 * sender calls itself {@code local}; to the receiver that cluster is another unit, so it becomes
 * {@code remote} (asked for its health over the API). The cluster at the receiver's own GEO address
 * (which the sender calls {@code remote}) becomes {@code local}. Every other cluster is kept as sent.
 *
 * <p>Clusters travel between units in the form a pair's master stores them, so a unit's GEO address
 * is its master's (a standalone unit's own); a slave converts with {@link GeoRewrite} before sending
 * and after receiving.
 */
public final class GeoShare {

    private GeoShare() {
    }

    /** The cluster as the unit whose GEO address is {@code receiverGeoAddress} stores it. */
    public static GeoCluster atReceiver(GeoCluster cluster, String receiverGeoAddress) {
        GeoCluster.Type type = cluster.type();
        if (cluster.address() != null && cluster.address().equals(IpAddress.canonical(receiverGeoAddress))) {
            type = GeoCluster.Type.LOCAL;
        } else if (type == GeoCluster.Type.LOCAL) {
            type = GeoCluster.Type.REMOTE;
        }
        return type == cluster.type() ? cluster : new GeoCluster(cluster.name(), cluster.address(), type,
                cluster.location());
    }
}
