package io.hapair.node.geo;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.ClusterHealth;
import io.hapair.geo.GeoAnswerer;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the DNS server is authoritative for, from the stored GEO FQDNs: a snapshot, rebuilt when the
 * settings change. The zone of an FQDN is its parent domain (operators delegate {@code example.com}
 * or a sub-zone to the GEO units), or the FQDN itself when it has only two labels, so a server never
 * claims a top-level domain.
 *
 * @param answerer the clusters and their health, for the addresses
 * @param locations where clients are, for proximity
 */
record GeoZones(Map<String, GeoFqdn> fqdns, Set<String> zones, Map<String, GeoCluster> clusters,
                GeoAnswerer answerer, ClientLocations locations) {

    static GeoZones of(List<GeoFqdn> fqdns, Map<String, GeoCluster> clustersByName, ClientLocations locations,
                       ClusterHealth health) {
        Map<String, GeoFqdn> byName = new HashMap<>();
        fqdns.forEach(f -> byName.put(f.fqdn(), f));
        Set<String> zones = byName.keySet().stream().map(GeoZones::zoneOf).collect(Collectors.toUnmodifiableSet());
        return new GeoZones(Map.copyOf(byName), zones, Map.copyOf(clustersByName),
                new GeoAnswerer(clustersByName, health), locations);
    }

    /** The zone a name (lower case, no trailing dot) falls in: the longest configured zone it ends with. */
    Optional<String> zoneFor(String name) {
        for (String candidate = name; ; candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            if (zones.contains(candidate)) {
                return Optional.of(candidate);
            }
            if (candidate.indexOf('.') < 0) {
                return Optional.empty();
            }
        }
    }

    private static String zoneOf(String fqdn) {
        String parent = fqdn.substring(fqdn.indexOf('.') + 1);
        return parent.indexOf('.') < 0 ? fqdn : parent;
    }
}
