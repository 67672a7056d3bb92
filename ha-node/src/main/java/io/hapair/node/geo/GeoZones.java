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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What the DNS server is authoritative for, from the stored GEO FQDNs: a snapshot, rebuilt when the
 * settings change. The zone of an FQDN is its parent domain (operators delegate {@code example.com}
 * or a sub-zone to the GEO units), or the FQDN itself when it has only two labels, so a server never
 * claims a top-level domain.
 *
 * @param soas the SOA records of the zones, each built when first answered and kept with the snapshot
 * @param answerer the clusters and their health, for the addresses
 * @param locations where clients are, for proximity
 */
record GeoZones(Map<String, GeoFqdn> fqdns, Set<String> zones, Map<String, SOARecord> soas,
                Map<String, GeoCluster> clusters,
                GeoAnswerer answerer, ClientLocations locations) {

    // RFC 2308: the SOA minimum bounds negative caching; as short as the default answer TTL, so that a
    // name added or a cluster back up is seen as quickly as a change of answer.
    private static final long NEGATIVE_TTL = GeoFqdn.DEFAULT_TTL_SECONDS;

    static GeoZones of(List<GeoFqdn> fqdns, Map<String, GeoCluster> clustersByName, ClientLocations locations,
                       ClusterHealth health) {
        Map<String, GeoFqdn> byName = new HashMap<>();
        fqdns.forEach(f -> byName.put(f.fqdn(), f));
        Set<String> zones = byName.keySet().stream().map(GeoZones::zoneOf).collect(Collectors.toUnmodifiableSet());
        return new GeoZones(Map.copyOf(byName), zones, new ConcurrentHashMap<>(), Map.copyOf(clustersByName),
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

    /**
     * The SOA of a zone that {@link #zoneFor} returned. Built on first use rather than with the snapshot: a
     * zone whose SOA dnsjava refuses (a hostmaster name beyond 255 octets) fails only the queries in it.
     */
    SOARecord soa(String zone) {
        return soas.computeIfAbsent(zone, GeoZones::newSoa);
    }

    private static SOARecord newSoa(String zone) {
        try {
            Name origin = Name.fromString(zone + ".");
            // Serial 1 and the timers are nominal: there are no secondary servers to transfer the zone to.
            return new SOARecord(origin, DClass.IN, NEGATIVE_TTL, origin, Name.fromString("hostmaster." + zone + "."),
                    1, 3600, 600, 86400, NEGATIVE_TTL);
        } catch (TextParseException e) {
            throw new IllegalStateException("zone '" + zone + "' is no DNS name", e);
        }
    }

    private static String zoneOf(String fqdn) {
        String parent = fqdn.substring(fqdn.indexOf('.') + 1);
        return parent.indexOf('.') < 0 ? fqdn : parent;
    }
}
