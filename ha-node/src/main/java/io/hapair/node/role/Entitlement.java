package io.hapair.node.role;

import static io.hapair.node.role.TransitionReason.BOTH_ACTIVE;
import static io.hapair.node.role.TransitionReason.BOTH_STANDBY;
import static io.hapair.node.role.TransitionReason.CONFIG_ERROR;
import static io.hapair.node.role.TransitionReason.MAINTENANCE;
import static io.hapair.node.role.TransitionReason.NO_PREEMPTION;
import static io.hapair.node.role.TransitionReason.OPERATOR_SWITCHOVER;
import static io.hapair.node.role.TransitionReason.PARTNER_HANDING_OVER;
import static io.hapair.node.role.TransitionReason.PARTNER_MAINTENANCE;
import static io.hapair.node.role.TransitionReason.PARTNER_SELF_CHECK_LOST;
import static io.hapair.node.role.TransitionReason.PARTNER_TAKING_OVER;
import static io.hapair.node.role.TransitionReason.PARTNER_UNHEALTHY;
import static io.hapair.node.role.TransitionReason.PREFER_MASTER;
import static io.hapair.node.role.TransitionReason.SELF_CHECK_LOST;
import static io.hapair.node.role.TransitionReason.SHUTDOWN;
import static io.hapair.node.role.TransitionReason.UNHEALTHY;

/**
 * The rules that say which node of a pair should be active, evaluated on one node from its own view.
 * Both nodes run the same rules on mirrored inputs, so they agree once their heartbeats have crossed.
 * The order of the checks is the priority of the rules.
 */
final class Entitlement {

    private Entitlement() {
    }

    /**
     * This node's view, as the rules need it. {@code partner} is the latest heartbeat of a partner that is heard;
     * {@code lostTargets} counts this node's self-check targets that do not answer it.
     */
    record View(
            HaMode mode,
            PreferredServer preferred,
            Activity activity,
            long activatedAt,
            boolean healthy,
            String healthDetail,
            Intent intent,
            boolean shuttingDown,
            boolean yielded,
            boolean maintenance,
            int lostTargets,
            PartnerReport partner,
            String configError) {
    }

    static Verdict decide(View v) {
        PartnerReport p = v.partner();
        if (v.maintenance()) {
            return Verdict.standby(MAINTENANCE, "in maintenance: handing over to partner " + p.nodeName());
        }
        if (v.configError() != null) {
            return Verdict.active(CONFIG_ERROR, "configuration error (" + v.configError() + "): serving as if alone");
        }
        if (v.shuttingDown()) {
            return Verdict.standby(SHUTDOWN, "shutting down: handing over to partner " + p.nodeName());
        }
        if (v.intent() == Intent.HANDING_OVER) {
            return Verdict.standby(OPERATOR_SWITCHOVER, "operator switchover: handing over to partner " + p.nodeName());
        }
        if (p.handingOver()) {
            return Verdict.active(PARTNER_HANDING_OVER, "partner " + p.nodeName() + " is handing over");
        }
        if (p.maintenance()) {
            // Like a dead partner: whatever this node's own state, it is the only one that may serve.
            return Verdict.active(PARTNER_MAINTENANCE, "partner " + p.nodeName() + " is in maintenance");
        }
        if (v.intent() == Intent.CLAIMING) {
            return Verdict.active(OPERATOR_SWITCHOVER, "operator switchover: taking over from partner " + p.nodeName());
        }
        if (p.claiming()) {
            return Verdict.standby(PARTNER_TAKING_OVER, "partner " + p.nodeName() + " takes over (operator switchover)");
        }
        if (!v.healthy() && p.healthy()) {
            return Verdict.standby(UNHEALTHY, "own health check failed (" + v.healthDetail() + "); partner is healthy");
        }
        if (v.healthy() && !p.healthy()) {
            return Verdict.active(PARTNER_UNHEALTHY, "partner " + p.nodeName() + " reports itself unhealthy");
        }
        if (v.lostTargets() > 0 && p.lostTargets() == 0) {
            return Verdict.standby(SELF_CHECK_LOST, "self-check lost " + v.lostTargets()
                    + " reachability target(s); partner " + p.nodeName() + " lost none");
        }
        if (v.lostTargets() == 0 && p.lostTargets() > 0) {
            return Verdict.active(PARTNER_SELF_CHECK_LOST, "partner " + p.nodeName() + "'s self-check lost "
                    + p.lostTargets() + " reachability target(s); this node lost none");
        }
        if (v.preferred() == PreferredServer.PREFER_MASTER) {
            return preferMaster(v);
        }
        return noPreemption(v);
    }

    private static Verdict preferMaster(View v) {
        boolean masterYielded = v.mode() == HaMode.MASTER ? v.yielded() : v.partner().yielded();
        if (masterYielded) {
            // After an operator switchover away from the master, the master stands back like under "none".
            return noPreemption(v);
        }
        if (v.mode() == HaMode.MASTER) {
            return Verdict.active(PREFER_MASTER, "prefer-master: the master is up and healthy");
        }
        return Verdict.standby(PREFER_MASTER, "prefer-master: master " + v.partner().nodeName() + " is up and healthy");
    }

    private static Verdict noPreemption(View v) {
        PartnerReport p = v.partner();
        if (v.activity() == Activity.ACTIVE && p.active()) {
            boolean iWin = v.activatedAt() != p.activatedAt()
                    ? v.activatedAt() < p.activatedAt()
                    : v.mode() == HaMode.MASTER;
            return iWin
                    ? Verdict.active(BOTH_ACTIVE, "both active: this node has been active longer (or is the master on a tie)")
                    : Verdict.standby(BOTH_ACTIVE, "both active: partner " + p.nodeName()
                            + " has been active longer (or is the master on a tie)");
        }
        if (v.activity() == Activity.ACTIVE) {
            return Verdict.active(NO_PREEMPTION, "no preemption: staying active");
        }
        if (p.active()) {
            return Verdict.standby(NO_PREEMPTION, "no preemption: partner " + p.nodeName() + " is active");
        }
        return v.mode() == HaMode.MASTER
                ? Verdict.active(BOTH_STANDBY, "both standby: the master wins the tie")
                : Verdict.standby(BOTH_STANDBY, "both standby: the master wins the tie");
    }
}
