package io.hapair.geo;

/**
 * Another GEO unit that this one shares GEO settings and health with.
 *
 * @param address its address (canonical form)
 * @param name a label for operators; may be absent
 */
public record GeoPartner(String address, String name) {

    public GeoPartner {
        address = IpAddress.canonical(address);
    }
}
