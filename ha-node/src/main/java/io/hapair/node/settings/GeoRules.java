package io.hapair.node.settings;

import io.hapair.geo.GeoCheck;
import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoLocation;
import io.hapair.geo.GeoMapping;
import io.hapair.geo.GeoPartner;
import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import io.hapair.geo.RemoteGeoAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What makes the GEO documents valid. Mappings may name clusters that are not (yet) stored: sync
 * may deliver an FQDN before its cluster, so a dangling name is the GEO answerer's concern, not an error.
 */
final class GeoRules {

    // A share among an FQDN's answers, in the range operators know from weighted load balancing (LVS).
    static final int MAX_MAPPING_WEIGHT = 65535;

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

    static final DocumentRules<GeoClientLocation> CLIENT_LOCATION = new DocumentRules<>() {
        @Override
        public void check(GeoClientLocation location, Findings findings) {
            clientLocation(location, findings);
        }

        /** A network in two locations would place its clients by whichever name sorts first: refused. */
        @Override
        public List<Claim> claims(GeoClientLocation location) {
            List<Claim> claims = new ArrayList<>();
            List<String> networks = location.networks();
            for (int i = 0; i < networks.size(); i++) {
                String network = networks.get(i);
                if (network != null) {
                    claims.add(new Claim(network, networks(i), other -> network + " is already in client location '"
                            + other + "'; a client has one place, so remove it from one of them"));
                }
            }
            return claims;
        }
    };

    private static final String TARGET_HINT = "a GEO cluster's name or " + Findings.ADDRESS_HINT;
    private static final String NETWORK_HINT = "a network such as 10.1.0.0/16 or 2001:db8::/32";

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
            at.range("weight", mapping.weight(), 0, MAX_MAPPING_WEIGHT);
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
        location(cluster.location(), findings);
        if (cluster.check() == null) {
            return;
        }
        if (cluster.type() == GeoCluster.Type.DEFAULT) {
            check(cluster.check(), findings.at("check"));
        } else {
            // Refused rather than ignored: a stored check that never runs would read as if the site were checked.
            findings.error("check", "only default clusters are checked by this unit; a " + cluster.type().name()
                    .toLowerCase(Locale.ROOT) + " cluster's health comes from "
                    + (cluster.type() == GeoCluster.Type.LOCAL ? "the pair's own state" : "its GEO health API")
                    + "; remove check, or set type to default");
        }
    }

    private static void check(GeoCheck check, Findings findings) {
        findings.port("port", check.port());
        switch (check.type()) {
            case HTTP, HTTPS -> {
                if (!VirtualServiceRules.HTTP_PATH.matcher(check.path()).matches()) {
                    findings.error("path", "give an absolute path such as /health: '/' then up to 1023 printable "
                            + "characters, no spaces");
                }
                findings.range("expectStatus", check.expectStatus(), 100, 599);
            }
            case TCP -> {
                httpOnly("path", check.path(), findings);
                httpOnly("expectStatus", check.expectStatus(), findings);
            }
            case NONE -> {
                if (check.port() != null) {
                    findings.error("port", "a check of type none asks no port; remove it, or choose tcp, http or "
                            + "https");
                }
                httpOnly("path", check.path(), findings);
                httpOnly("expectStatus", check.expectStatus(), findings);
            }
        }
    }

    private static void httpOnly(String field, Object value, Findings findings) {
        if (value != null) {
            findings.error(field, "only http and https checks have one; remove it, or set type to http or https");
        }
    }

    private static void clientLocation(GeoClientLocation location, Findings findings) {
        if (findings.required("name", location.name(), "a name such as amsterdam-clients")) {
            findings.name("name", location.name());
        }
        List<String> networks = location.networks();
        if (networks.isEmpty()) {
            findings.error("networks", "required: give at least one network, " + NETWORK_HINT);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < networks.size(); i++) {
            Optional<IpPrefix> network = IpPrefix.parse(networks.get(i));
            if (network.isEmpty()) {
                findings.error(networks(i), "'" + networks.get(i) + "' is not a network; give " + NETWORK_HINT);
            } else if (!network.get().isNetwork()) {
                findings.error(networks(i), "has host bits set; give the network, " + network.get().network() + "/"
                        + network.get().length());
            } else {
                Integer first = seen.putIfAbsent(networks.get(i), i);
                if (first != null) {
                    findings.error(networks(i), networks(first) + " is the same network; remove one of them");
                }
            }
        }
        if (findings.required("location", location.location(), "where these clients are, in decimal degrees")) {
            location(location.location(), findings);
        }
    }

    private static String networks(int index) {
        return "networks[" + index + "]";
    }

    private static void location(GeoLocation location, Findings findings) {
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
