package io.hapair.node.demo;

import java.time.Instant;

/**
 * A backend of the simulated ILB going up or down.
 *
 * @param backend the backend's configured name, e.g. {@code node-1}
 * @param up true when the backend became eligible for new flows, false when it stopped being so
 * @param at when the deciding probe result arrived
 * @param cause why, e.g. "2 consecutive 200s" or "answered 503"
 */
public record BackendTransition(String backend, boolean up, Instant at, String cause) {

    /** One line for the demo console, e.g. {@code node-1 up (2 consecutive 200s)}. */
    public String describe() {
        return backend + (up ? " up" : " down") + " (" + cause + ")";
    }
}
