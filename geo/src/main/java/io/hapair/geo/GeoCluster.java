package io.hapair.geo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A site that GEO FQDNs can answer with.
 *
 * @param name how mappings refer to it
 * @param address the address answered for it (canonical form)
 * @param type how its health is known
 * @param location where it is, for proximity selection; absent when unknown
 */
public record GeoCluster(String name, String address, Type type, GeoLocation location) {

    public enum Type {
        /** Health checked by this unit, like any other server. */
        @JsonProperty("default") DEFAULT,
        /** This unit (or pair) itself. */
        @JsonProperty("local") LOCAL,
        /** Another appliance or pair, asked for its health over its API. */
        @JsonProperty("remote") REMOTE
    }

    public GeoCluster {
        address = IpAddress.canonical(address);
        type = type == null ? Type.DEFAULT : type; // the name says it: the usual, health-checked site
    }
}
