package io.hapair.geo;

/**
 * One candidate answer of a GEO FQDN.
 *
 * @param target a GEO cluster's name, or an address literal (kept in canonical form so that one
 *     address has one spelling); cluster names never parse as addresses, so the two cannot be confused
 * @param weight the share for weighted round robin, the rank for fixed weighting
 * @param enabled a disabled mapping is kept but never answered
 */
public record GeoMapping(String target, Integer weight, Boolean enabled) {

    // Weight 1 for all gives weighted round robin an equal share per mapping until the operator says otherwise.
    public static final int DEFAULT_WEIGHT = 1;

    public GeoMapping {
        target = IpAddress.canonical(target);
        weight = weight == null ? DEFAULT_WEIGHT : weight;
        // A mapping is written to be answered; disabling one is the explicit act.
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }
}
