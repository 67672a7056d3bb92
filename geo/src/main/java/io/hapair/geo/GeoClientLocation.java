package io.hapair.geo;

import java.util.List;

/**
 * Where the clients of some networks are, for proximity selection: a query from one of these networks
 * (by its EDNS Client Subnet, else its source address) is answered as if asked from {@code location}.
 *
 * @param name how operators refer to it
 * @param networks IPv4 and IPv6 networks such as {@code 10.1.0.0/16} (canonical form); a client in
 *     several is placed by the longest
 * @param location where those clients are
 */
public record GeoClientLocation(String name, List<String> networks, GeoLocation location) {

    public GeoClientLocation {
        networks = networks == null ? List.of() : networks.stream().map(IpPrefix::canonical).toList();
    }
}
