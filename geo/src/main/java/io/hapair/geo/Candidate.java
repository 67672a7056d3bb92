package io.hapair.geo;

/**
 * A healthy, enabled mapping resolved to the address that serves it now: what selection chooses from.
 *
 * @param address what the answer says
 * @param weight the mapping's share (weighted round robin) or rank (fixed weighting)
 * @param location where the cluster is, for proximity; null for a bare address or an unknown place
 */
public record Candidate(String address, int weight, GeoLocation location) {
}
