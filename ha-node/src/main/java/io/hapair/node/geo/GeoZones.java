package io.hapair.node.geo;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.ClusterHealth;
import io.hapair.geo.GeoAnswerer;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What the DNS server is authoritative for, from the stored GEO FQDNs: a snapshot, rebuilt when the
 * settings change. The zone of an FQDN is its parent domain (operators delegate {@code example.com}
 * or a sub-zone to the GEO units), or the FQDN itself when it has only two labels, so a server never
 * claims a top-level domain.
 *
 * @param fqdns by name: dnsjava's names, which compare without letter case, so that a query's name is looked
 *     up as it came (turning it into lower-case text was most of the allocation per query in a profile). A
 *     HashMap, as an immutable {@code Map.copyOf} compares keys along its probe without their hashes first
 * @param zones the zones' apex names, each to itself as stored (lower case), whatever the case it is asked in
 * @param soas the SOA records of the zones, each built when first answered and kept with the snapshot
 * @param literals the addresses answered, read once from their text and kept with the snapshot
 * @param answerer the clusters and their health, for the addresses
 * @param locations where clients are, for proximity
 */
record GeoZones(Map<Name, GeoFqdn> fqdns, Map<Name, Name> zones, Map<Name, SOARecord> soas,
                Map<String, InetAddress> literals, Map<String, GeoCluster> clusters,
                GeoAnswerer answerer, ClientLocations locations) {

    // RFC 2308: the SOA minimum bounds negative caching; as short as the default answer TTL, so that a
    // name added or a cluster back up is seen as quickly as a change of answer.
    private static final long NEGATIVE_TTL = GeoFqdn.DEFAULT_TTL_SECONDS;
    private static final Name HOSTMASTER = Name.fromConstantString("hostmaster");

    static GeoZones of(List<GeoFqdn> fqdns, Map<String, GeoCluster> clustersByName, ClientLocations locations,
                       ClusterHealth health) {
        Map<Name, GeoFqdn> byName = new HashMap<>();
        Map<Name, Name> zones = new HashMap<>();
        // Validation admits only DNS names; one that dnsjava still refuses could never be asked for.
        fqdns.forEach(f -> dnsName(f.fqdn()).ifPresent(name -> byName.put(name, f)));
        fqdns.forEach(f -> dnsName(zoneOf(f.fqdn())).ifPresent(zone -> zones.put(zone, zone)));
        return new GeoZones(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(zones), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), Map.copyOf(clustersByName), new GeoAnswerer(clustersByName, health),
                locations);
    }

    /** The zone a name falls in: the longest configured zone it ends with. */
    Optional<Name> zoneFor(Name name) {
        for (int dropped = 0; dropped < name.labels(); dropped++) {
            Name zone = zones.get(dropped == 0 ? name : new Name(name, dropped));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    /**
     * The SOA of a zone that {@link #zoneFor} returned. Built on first use rather than with the snapshot: a
     * zone whose SOA dnsjava refuses (a hostmaster name beyond 255 octets) fails only the queries in it.
     */
    SOARecord soa(Name zone) {
        SOARecord soa = soas.get(zone);
        return soa != null ? soa : soas.computeIfAbsent(zone, GeoZones::newSoa);
    }

    /** The GEO FQDN {@code name} is, or null. */
    GeoFqdn fqdn(Name name) {
        return fqdns.get(name);
    }

    /** An address that {@link GeoAnswerer} answered: a literal (the settings' validation saw to that). */
    InetAddress literal(String address) {
        InetAddress literal = literals.get(address);
        return literal != null ? literal : literals.computeIfAbsent(address, GeoZones::parseLiteral);
    }

    private static InetAddress parseLiteral(String address) {
        try {
            return Address.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("stored GEO address '" + address + "' is no literal", e);
        }
    }

    private static SOARecord newSoa(Name origin) {
        try {
            // Serial 1 and the timers are nominal: there are no secondary servers to transfer the zone to.
            return new SOARecord(origin, DClass.IN, NEGATIVE_TTL, origin, Name.concatenate(HOSTMASTER, origin),
                    1, 3600, 600, 86400, NEGATIVE_TTL);
        } catch (NameTooLongException e) {
            throw new IllegalStateException("zone '" + origin + "' is too long for its SOA's hostmaster name", e);
        }
    }

    private static Optional<Name> dnsName(String text) {
        try {
            return Optional.of(Name.fromString(text, Name.root));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    private static String zoneOf(String fqdn) {
        String parent = fqdn.substring(fqdn.indexOf('.') + 1);
        return parent.indexOf('.') < 0 ? fqdn : parent;
    }
}
