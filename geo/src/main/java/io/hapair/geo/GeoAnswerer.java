package io.hapair.geo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The address a GEO FQDN answers for one query: enabled mappings of the asked family, resolved to
 * clusters, filtered by health, chosen by the FQDN's criterion; the last resort when none is up.
 * Mappings naming a cluster that is not stored (sync may deliver an FQDN before its cluster) are skipped.
 *
 * <p>Answering runs once per DNS query: what a target and an address literal mean is read once and kept
 * (an instance holds one snapshot of the clusters, and the targets and addresses it meets are those of the
 * settings and of the few units that serve them), so a query does not parse a literal again.
 */
public final class GeoAnswerer {

    /** The address family a query asks for: A or AAAA. */
    public enum Family { IPV4, IPV6 }

    private final Map<String, GeoCluster> clusters;
    private final ClusterHealth health;
    private final Map<String, Optional<GeoCluster>> targets = new ConcurrentHashMap<>();
    private final Map<String, Optional<Family>> families = new ConcurrentHashMap<>();

    public GeoAnswerer(Map<String, GeoCluster> clustersByName, ClusterHealth health) {
        // A HashMap: read for every candidate of every query, and Map.copyOf's table compares keys without
        // their hashes first.
        this.clusters = Collections.unmodifiableMap(new HashMap<>(clustersByName));
        this.health = health;
    }

    /**
     * @param turn how many times this FQDN was answered before (round robin position)
     * @param client the client's location for proximity; null when unknown
     * @return the address to answer, or empty for an answer without records (NODATA)
     */
    public Optional<String> answer(GeoFqdn fqdn, Family family, long turn, GeoLocation client) {
        Optional<Candidate> picked = Selector.pick(fqdn.selection(), healthy(fqdn, family), turn, client);
        return picked.isPresent() ? picked.map(Candidate::address) : lastResort(fqdn, family);
    }

    /** Every healthy, enabled mapping of the family, in operator order, before any selection. */
    public List<Candidate> healthy(GeoFqdn fqdn, Family family) {
        List<Candidate> healthy = new ArrayList<>();
        for (GeoMapping mapping : fqdn.mappings()) {
            if (!mapping.enabled()) {
                continue;
            }
            cluster(mapping.target())
                    .flatMap(health::servingAddress)
                    .filter(address -> inFamily(address, family))
                    .map(address -> new Candidate(address, mapping.weight(), location(mapping.target())))
                    .ifPresent(healthy::add);
        }
        return healthy;
    }

    /**
     * The last resort is answered whatever its health: it exists for when every check says down, and
     * a wrong "down" is better served than a sure failure. A pair's current address is still preferred.
     */
    private Optional<String> lastResort(GeoFqdn fqdn, Family family) {
        return cluster(fqdn.lastResort())
                .map(c -> health.servingAddress(c).orElse(c.address()))
                .filter(address -> inFamily(address, family));
    }

    private Optional<GeoCluster> cluster(String target) {
        if (target == null) {
            return Optional.empty();
        }
        // get first: both event loops read the same keys, and computeIfAbsent locks the bin of a key it finds
        // anywhere but first in it.
        Optional<GeoCluster> resolved = targets.get(target);
        return resolved != null ? resolved : targets.computeIfAbsent(target, this::resolve);
    }

    private Optional<GeoCluster> resolve(String target) {
        if (IpAddress.parse(target).isPresent()) {
            return Optional.of(new GeoCluster(target, target, GeoCluster.Type.DEFAULT, null));
        }
        return Optional.ofNullable(clusters.get(target));
    }

    private GeoLocation location(String target) {
        GeoCluster cluster = clusters.get(target);
        return cluster == null ? null : cluster.location();
    }

    private boolean inFamily(String address, Family family) {
        Optional<Family> known = families.get(address);
        return (known != null ? known : families.computeIfAbsent(address, GeoAnswerer::familyOf))
                .map(f -> f == family).orElse(false);
    }

    private static Optional<Family> familyOf(String address) {
        return IpAddress.parse(address).map(a -> a.isIpv6() ? Family.IPV6 : Family.IPV4);
    }
}
