package io.hapair.node.role;

/** What this node believes about its partner, from heartbeats and their absence. */
public enum PartnerLiveness {
    /** Never heard since this node started. */
    UNKNOWN,
    /** Heartbeats arrive within the suspect-after window. */
    ALIVE,
    /** Heartbeats are late or the link dropped; not yet declared dead, so no takeover yet. */
    SUSPECT,
    /** No heartbeat within dead-after: the partner is treated as gone. */
    DEAD;

    public boolean heard() {
        return this == ALIVE || this == SUSPECT;
    }
}
