package io.hapair.cloud.adapter;

/** Receives one human-readable line per step while an adapter works, e.g. "writing load balancer ilb-ha". */
@FunctionalInterface
public interface Progress {

    void line(String text);
}
