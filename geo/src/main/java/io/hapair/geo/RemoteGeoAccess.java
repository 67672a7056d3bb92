package io.hapair.geo;

/**
 * An address allowed to ask this unit for the health of its clusters (the remote GEO access list).
 *
 * @param address the allowed address (canonical form)
 * @param description why it is allowed; may be absent
 */
public record RemoteGeoAccess(String address, String description) {

    public RemoteGeoAccess {
        address = IpAddress.canonical(address);
    }
}
