package io.hapair.geo.plan;

import java.util.List;

/**
 * What one unit (an HA pair, whose two nodes share it by sync, or a standalone) is configured with.
 *
 * @param name the unit's name from the topology
 * @param addresses its node addresses: master then slave for a pair, one for a standalone
 * @param remoteGeoAccess its remote GEO access list
 * @param geoPartners its GEO partners list
 */
public record UnitPlan(String name, List<String> addresses, List<String> remoteGeoAccess, List<String> geoPartners) {

    public UnitPlan {
        addresses = List.copyOf(addresses);
        remoteGeoAccess = List.copyOf(remoteGeoAccess);
        geoPartners = List.copyOf(geoPartners);
    }
}
