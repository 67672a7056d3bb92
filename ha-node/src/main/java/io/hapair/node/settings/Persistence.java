package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether a client keeps going to the same real server.
 *
 * @param mode none, or source-ip: the same client address goes to the same real server
 * @param timeoutSeconds for source-ip: how long after its last connection a client is remembered;
 *     required there and refused with none, so that a stale value never lingers unnoticed
 */
public record Persistence(Mode mode, Integer timeoutSeconds) {

    /** No persistence: every connection is scheduled afresh. */
    public static final Persistence NONE = new Persistence(Mode.NONE, null);

    public enum Mode {
        @JsonProperty("none") NONE,
        @JsonProperty("source-ip") SOURCE_IP
    }

    public Persistence {
        mode = mode == null ? Mode.NONE : mode; // {} means no persistence, as an absent field does
    }
}
