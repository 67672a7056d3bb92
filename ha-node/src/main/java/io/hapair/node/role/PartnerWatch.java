package io.hapair.node.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tracks the partner from its heartbeats: liveness (suspect before dead) and configuration mismatches.
 * Heartbeats alone decide liveness, with one exception: a partner whose process is gone (its port
 * refused a reconnect) is dead at once. A lost peer-link connection is only noted: heartbeats travel
 * apart from it, and a link that drops under loss while heartbeats get through is no failure.
 */
final class PartnerWatch {

    private final NodeIdentity self;
    private final RoleTiming timing;

    private PartnerReport report;
    private long heardAt = -1;
    private boolean linkDown;
    private boolean processGone;
    private long graceUntil = -1;
    private PartnerLiveness liveness = PartnerLiveness.UNKNOWN;
    private String configError;
    private List<String> warnings = List.of();

    PartnerWatch(NodeIdentity self, RoleTiming timing) {
        this.self = self;
        this.timing = timing;
    }

    PartnerReport report() {
        return report;
    }

    long heardAt() {
        return heardAt;
    }

    PartnerLiveness liveness() {
        return liveness;
    }

    String configError() {
        return configError;
    }

    List<String> warnings() {
        return warnings;
    }

    /** Records a heartbeat; returns a note when the configuration error appears, changes or clears. */
    Optional<String> heard(PartnerReport r, long now) {
        report = r;
        heardAt = now;
        linkDown = false;
        processGone = false;
        warnings = warningsAbout(r);
        String error = errorAbout(r);
        String before = configError;
        configError = error;
        if (error != null && !error.equals(before)) {
            return Optional.of("configuration error: " + error);
        }
        if (error == null && before != null) {
            return Optional.of("configuration error cleared");
        }
        return Optional.empty();
    }

    Optional<String> linkLost() {
        if (linkDown || report == null) {
            return Optional.empty();
        }
        linkDown = true;
        return Optional.of("peer link to partner " + report.nodeName() + " lost; its heartbeats decide whether it"
                + " is alive");
    }

    /** The partner's process is gone: dead now, until it is heard from again. */
    Optional<String> processGone(String cause) {
        if (report == null || liveness == PartnerLiveness.DEAD) {
            return Optional.empty();
        }
        processGone = true;
        liveness = PartnerLiveness.DEAD;
        return Optional.of("partner " + report.nodeName() + " declared dead at once: its process is gone (" + cause
                + ")");
    }

    void graceAfterLocalStall(long now) {
        graceUntil = now + 2 * timing.heartbeatInterval().toMillis();
        if (heardAt >= 0 && liveness.heard()) {
            heardAt = Math.max(heardAt, now - timing.suspectAfter().toMillis());
        }
    }

    /** Re-evaluates liveness at {@code now}; returns a note when it changed. */
    Optional<String> update(long now) {
        PartnerLiveness next = livenessAt(now);
        if (next == liveness) {
            return Optional.empty();
        }
        PartnerLiveness before = liveness;
        liveness = next;
        String name = report == null ? "partner" : "partner " + report.nodeName();
        long silence = now - heardAt;
        switch (next) {
            case ALIVE:
                return Optional.of(before == PartnerLiveness.UNKNOWN ? name + " heard" : name + " alive again");
            case SUSPECT:
                return Optional.of(name + " suspected: no heartbeat for " + silence + " ms");
            case DEAD:
                return Optional.of(name + " declared dead: no heartbeat for " + silence + " ms");
            default:
                return Optional.empty();
        }
    }

    private PartnerLiveness livenessAt(long now) {
        if (report == null) {
            return PartnerLiveness.UNKNOWN;
        }
        if (processGone) {
            return PartnerLiveness.DEAD;
        }
        long silence = now - heardAt;
        if (silence > timing.deadAfter().toMillis() && now >= graceUntil) {
            return PartnerLiveness.DEAD;
        }
        if (silence > timing.suspectAfter().toMillis()) {
            return liveness == PartnerLiveness.DEAD ? PartnerLiveness.DEAD : PartnerLiveness.SUSPECT;
        }
        return PartnerLiveness.ALIVE;
    }

    private String errorAbout(PartnerReport r) {
        if (r.mode() == self.mode()) {
            String other = self.mode() == HaMode.MASTER ? "slave" : "master";
            return "both nodes are configured as " + self.mode().key() + " (this node " + self.nodeName()
                    + " and partner " + r.nodeName() + "); set ha-mode: " + other + " on one of them";
        }
        if (r.mode() == HaMode.NONE) {
            return "partner " + r.nodeName() + " has ha-mode none; set it to "
                    + (self.mode() == HaMode.MASTER ? "slave" : "master") + " or turn HA off here too";
        }
        return null;
    }

    private List<String> warningsAbout(PartnerReport r) {
        List<String> out = new ArrayList<>();
        if (r.checkPort() != self.checkPort()) {
            out.add("health-check port differs: this node " + self.checkPort() + ", partner " + r.checkPort()
                    + "; the balancer probes one port, so set health-check-port equal on both nodes");
        }
        if (r.preferred() != self.preferred()) {
            out.add("switch-to-preferred differs: this node " + self.preferred().key() + ", partner "
                    + r.preferred().key() + "; set it equal on both nodes");
        }
        if (!r.softwareVersion().equals(self.softwareVersion())) {
            out.add("software versions differ: this node " + self.softwareVersion() + ", partner "
                    + r.softwareVersion() + "; finish the upgrade of both nodes");
        }
        return List.copyOf(out);
    }
}
