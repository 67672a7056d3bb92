package io.hapair.node.role;

import java.util.List;

/** A snapshot of the state machine for the status API and metrics. All times are wall-clock millis, -1 when never. */
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
        List<String> configErrors,
        List<String> warnings,
        List<EventLog.Entry> events) {
}
