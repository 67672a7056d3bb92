package io.hapair.node.settings;

import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.GeoMapping;
import io.hapair.geo.GeoPartner;
import io.hapair.geo.IpAddress;
import io.hapair.geo.RemoteGeoAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes the GEO documents valid. Mappings may name clusters that are not (yet) stored: sync
 * may deliver an FQDN before its cluster, so a dangling name is the GEO answerer's concern, not an error.
 */
final class GeoRules {

    static final DocumentRules<GeoFqdn> FQDN = GeoRules::fqdn;
    static final DocumentRules<GeoCluster> CLUSTER = GeoRules::cluster;
    static final DocumentRules<GeoPartner> PARTNER = (partner, findings) -> {
        findings.required("address", partner.address(), Findings.ADDRESS_HINT);
        findings.address("address", partner.address());
        findings.text("name", partner.name(), 64);
    };
    static final DocumentRules<RemoteGeoAccess> REMOTE_ACCESS = (access, findings) -> {
        findings.required("address", access.address(), Findings.ADDRESS_HINT);
        findings.address("address", access.address());
        findings.text("description", access.description(), 256);
    };

    private static final String TARGET_HINT = "a GEO cluster's name or " + Findings.ADDRESS_HINT;

    private GeoRules() {
    }

    private static void fqdn(GeoFqdn fqdn, Findings findings) {
        findings.required("fqdn", fqdn.fqdn(), "a fully qualified name such as www.example.com");
        findings.dnsName("fqdn", fqdn.fqdn(), 2);
        // 1 s and up: resolvers disagree on what a TTL of 0 means, some cache it anyway.
        findings.range("ttlSeconds", fqdn.ttlSeconds(), 1, VirtualServiceRules.MAX_TIMEOUT_SECONDS);
        List<GeoMapping> mappings = fqdn.mappings();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < mappings.size(); i++) {
            Findings at = findings.at("mappings", i);
            GeoMapping mapping = mappings.get(i);
            if (at.required("target", mapping.target(), TARGET_HINT)) {
                target(at, "target", mapping.target());
                Integer first = seen.putIfAbsent(mapping.target(), i);
                if (first != null) {
                    at.error("target", "mappings[" + first + "] has the same target; remove one of them");
                }
            }
            at.range("weight", mapping.weight(), 0, VirtualServiceRules.MAX_WEIGHT);
        }
        if (fqdn.lastResort() != null) {
            target(findings, "lastResort", fqdn.lastResort());
        }
        if (mappings.stream().noneMatch(GeoMapping::enabled)) {
            findings.warn("GEO FQDN '" + fqdn.fqdn() + "' has no enabled mapping, so it answers "
                    + (fqdn.lastResort() == null ? "nothing" : "only its last resort") + "; add or enable a mapping");
        }
    }

    private static void target(Findings findings, String field, String target) {
        if (IpAddress.parse(target).isEmpty() && !Findings.isName(target)) {
            findings.error(field, "'" + target + "' is neither an IP address nor a GEO cluster name; give "
                    + TARGET_HINT);
        }
    }

    private static void cluster(GeoCluster cluster, Findings findings) {
        if (findings.required("name", cluster.name(), "a name such as eu-west")) {
            findings.name("name", cluster.name());
        }
        findings.required("address", cluster.address(), Findings.ADDRESS_HINT);
        findings.address("address", cluster.address());
        GeoLocation location = cluster.location();
        if (location != null) {
            Findings at = findings.at("location");
            degrees(at, "latitude", location.latitude(), 90);
            degrees(at, "longitude", location.longitude(), 180);
        }
    }

    private static void degrees(Findings findings, String field, Double value, int limit) {
        if (findings.required(field, value, "decimal degrees from -" + limit + " to " + limit)
                && (value < -limit || value > limit)) {
            findings.error(field, value + " is out of range; give decimal degrees from -" + limit + " to " + limit);
        }
    }
}
