package io.hapair.geo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A site that GEO FQDNs can answer with.
 *
 * @param name how mappings refer to it
 * @param address the address answered for it (canonical form)
 * @param type how its health is known
 * @param location where it is, for proximity selection; absent when unknown
 * @param check how this unit checks it; a {@code default} cluster without one gets {@link GeoCheck#DEFAULT},
 *     other types have none
 */
public record GeoCluster(String name, String address, Type type, GeoLocation location,
                         // Left out when absent, so a local or remote cluster reads as it did before checks existed.
                         @JsonInclude(JsonInclude.Include.NON_NULL) GeoCheck check) {

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
        // Documents written before checks existed have none, and mean the default one.
        check = check == null && type == Type.DEFAULT ? GeoCheck.DEFAULT : check;
    }

    /** A cluster with the check its type gets by default. */
    public GeoCluster(String name, String address, Type type, GeoLocation location) {
        this(name, address, type, location, null);
    }
}
