package io.hapair.geo;

/** Distance on the Earth's surface, for proximity selection. */
final class GreatCircle {

    // Mean Earth radius (IUGG); the sphere is close enough to rank sites by distance.
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private GreatCircle() {
    }

    /** Haversine distance between two located points. */
    static double kilometres(GeoLocation a, GeoLocation b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
