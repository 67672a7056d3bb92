package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether a client keeps going to the same real server.
 *
 * @param mode none; source-ip: the same client address goes to the same real server; cookie (http and
 *     https only): the data plane sets a cookie naming the real server, so a client behind a changing
 *     or shared address keeps its server too
 * @param timeoutSeconds how long after its last connection (source-ip) or request (cookie) a client
 *     is remembered; required with source-ip, optional with cookie (without it the cookie lasts until
 *     the browser closes), refused with none, so that a stale value never lingers unnoticed
 */
public record Persistence(Mode mode, Integer timeoutSeconds) {

    /** No persistence: every connection is scheduled afresh. */
    public static final Persistence NONE = new Persistence(Mode.NONE, null);

    public enum Mode {
        @JsonProperty("none") NONE,
        @JsonProperty("source-ip") SOURCE_IP,
        @JsonProperty("cookie") COOKIE
    }

    public Persistence {
        mode = mode == null ? Mode.NONE : mode; // {} means no persistence, as an absent field does
    }
}
