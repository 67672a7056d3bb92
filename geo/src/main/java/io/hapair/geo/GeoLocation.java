package io.hapair.geo;

/** Where a GEO cluster is, in decimal degrees (WGS 84). */
public record GeoLocation(Double latitude, Double longitude) {
}
