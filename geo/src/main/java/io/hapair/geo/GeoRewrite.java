package io.hapair.geo;

import java.util.Optional;

/**
 * What the receiver of synced GEO settings does to their addresses. In a pair the GEO address is
 * each node's own: a mapping or cluster that names the sender names the receiver once stored there.
 * The rewrite swaps the two addresses (sender becomes receiver and receiver becomes sender) rather
 * than only replacing the sender's, so that the return trip restores every document exactly, even
 * one that names both nodes.
 *
 * <p>Only literals equal to one of the two addresses change (10.0.0.1 never touches 10.0.0.10);
 * cluster names and every other address are left as they are. GEO partners and the remote access
 * list are not rewritten: they name other units, which are the same seen from either node.
 */
public final class GeoRewrite {

    private final IpAddress sender;
    private final IpAddress receiver;

    private GeoRewrite(IpAddress sender, IpAddress receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    /** The rewrite a receiver applies to documents from {@code sender}. */
    public static GeoRewrite atReceiver(IpAddress sender, IpAddress receiver) {
        return new GeoRewrite(sender, receiver);
    }

    /** The rewrite of the return trip, from the receiver back to the sender. */
    public GeoRewrite reversed() {
        return new GeoRewrite(receiver, sender);
    }

    public GeoFqdn apply(GeoFqdn fqdn) {
        return new GeoFqdn(fqdn.fqdn(), fqdn.selection(), fqdn.ttlSeconds(),
                fqdn.mappings().stream()
                        .map(m -> new GeoMapping(target(m.target()), m.weight(), m.enabled()))
                        .toList(),
                target(fqdn.lastResort()));
    }

    public GeoCluster apply(GeoCluster cluster) {
        return new GeoCluster(cluster.name(), target(cluster.address()), cluster.type(), cluster.location(),
                cluster.check());
    }

    /** A cluster name or address as the receiver stores it. */
    public String target(String nameOrAddress) {
        Optional<IpAddress> address = IpAddress.parse(nameOrAddress);
        if (address.isEmpty()) {
            return nameOrAddress;
        }
        if (address.get().equals(sender)) {
            return receiver.toString();
        }
        if (address.get().equals(receiver)) {
            return sender.toString();
        }
        return nameOrAddress;
    }
}
