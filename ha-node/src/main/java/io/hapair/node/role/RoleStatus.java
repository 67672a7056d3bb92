package io.hapair.node.role;

import java.util.List;

/**
 * A snapshot of the state machine for the status API and metrics. All times are wall-clock millis, -1 when never.
 * {@code lostTargets} is this node's self-check count as the machine last heard it (0 without a self-check).
 */
public record RoleStatus(
        NodeIdentity self,
        Activity activity,
        String display,
        boolean settled,
        boolean connected,
        long activatedAt,
        boolean healthy,
        String healthDetail,
        long lastProbeAt,
        String lastProbeSource,
        long probesSeen,
        long activeProbes,
        PartnerLiveness partnerLiveness,
        PartnerReport partner,
        long partnerHeardAt,
        Intent intent,
        boolean yielded,
        boolean shuttingDown,
        boolean maintenance,
        int lostTargets,
        List<String> configErrors,
        List<String> warnings,
        List<EventLog.Entry> events) {
}
