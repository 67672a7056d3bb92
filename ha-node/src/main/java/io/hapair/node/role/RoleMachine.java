package io.hapair.node.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The role state machine of one node: events in, activity and actions out. No I/O and no clock of
 * its own: every call carries {@code now} (wall-clock millis), so tests drive time explicitly.
 *
 * <p>Two invariants shape it. A node only steps down from active when its partner already answers
 * 200 and, if a balancer probes us, the balancer has seen the partner answer 200 too: handovers
 * overlap, never gap. And neither a start nor a stall makes both nodes answer 200 by surprise:
 *
 * <ul>
 * <li><b>Cold start.</b> A starting node answers 503 until it has heard its partner. One that never
 * hears it serves alone after a start-up wait counted from when its servers listen: partner-dead-after
 * for the master, slave-start-wait (default 10 s, never less than partner-dead-after) for the slave.
 * The slave waits longer so that when both nodes start together, in either order and a few seconds
 * apart, the master's peer link reaches the slave before the slave's wait ends: then the slave hears
 * the master first and never serves beside it, while the master may serve alone early because a
 * slave that starts later hears it active and stays standby. While a handshake with the partner is
 * under way the wait is extended (the partner is there, only slow).
 * <li><b>Stalls.</b> A node whose role loop did not run for long enough that its partner may have
 * declared it dead (more than partner-dead-after less one heartbeat interval: a GC pause, swap, a
 * stopped process, hostile load) is fenced when it wakes: it answers 503 and tells its partner it is
 * standby until it has processed a heartbeat the partner sent after the wake, or partner-dead-after has
 * passed since the wake without one. If that heartbeat shows the partner active (it took over), this
 * node steps down; either way the usual rules then resume (under prefer-master a woken master takes
 * the traffic back as any returning master does: it answers 200 before the slave stops). The health check itself answers 503 whenever the role loop has not run for
 * {@link RoleTiming#stalledAfter()}, so the stall's first moments are covered too.
 * </ul>
 */
public final class RoleMachine {

    private static final int EVENT_LOG_CAPACITY = 200;
    // A partner whose handshake is under way is there; a cold JVM on a busy host can take seconds
    // for its first TLS handshake. Past this, a hanging handshake no longer delays the start.
    private static final long STARTUP_HANDSHAKE_LIMIT_MS = 10_000;

    private final NodeIdentity self;
    private final RoleTiming timing;
    private long startedAt;
    private final EventLog log = new EventLog(EVENT_LOG_CAPACITY);
    private final PartnerWatch partner;
    private final ProbeWatch probes;

    private Activity activity = Activity.STANDBY;
    private boolean settled;
    private long activatedAt;
    private boolean healthy = true;
    private String healthDetail = "ok";
    private Intent intent = Intent.NONE;
    private long intentSince;
    private boolean yielded;
    private boolean shuttingDown;
    private boolean activeAtShutdown;
    private boolean exitIssued;
    private long lastTick = -1;
    private boolean handshakePending;
    /** Null without a witness: a silent partner is then taken for dead, as the rules always did. */
    private WitnessState witness;
    private boolean witnessBlocked;
    /** When this node woke from a stall its partner may have taken over in; -1 when not fenced. */
    private long fencedSince = -1;
    /** An operator's maintenance: 503 and never take over, until an operator takes the node out. */
    private boolean maintenance;
    /** The self-check's targets that do not answer this node, as last counted. */
    private int lostTargets;

    private List<EventLog.Entry> notes = new ArrayList<>();
    private List<Action> actions = new ArrayList<>();

    public RoleMachine(NodeIdentity self, RoleTiming timing, long now) {
        this.self = Objects.requireNonNull(self);
        this.timing = Objects.requireNonNull(timing);
        this.startedAt = now;
        this.lastTick = now;
        this.partner = new PartnerWatch(self, timing);
        this.probes = new ProbeWatch(timing);
        note(now, "start", self.mode().display() + " " + self.nodeName() + (self.mode().haEnabled()
                ? " started, answering 503 until it hears its partner or " + startupWait() + " ms pass"
                : " started with HA off: no partner, serving alone"));
    }

    /** What the health check answers: the activity, but standby while fenced after a stall. */
    public Activity activity() {
        return fencedSince >= 0 ? Activity.STANDBY : activity;
    }

    /** Whether an operator keeps this node in maintenance; cheaper than {@link #status}. */
    public boolean maintenance() {
        return maintenance;
    }

    /** Whether a balancer probed this node within unconnected-after; cheaper than {@link #status}. */
    public boolean connected(long now) {
        return probes.connected(now);
    }

    /**
     * Whether the partner last said it is active and is not declared dead; cheaper than {@link #status}.
     * A suspected partner still counts: until this node takes over, the partner is the pair's best
     * answer (GEO keeps naming it rather than calling the whole pair down for the suspect window).
     */
    public boolean partnerActive() {
        return partner.liveness() != PartnerLiveness.DEAD && partner.report() != null && partner.report().active();
    }

    public Decision on(RoleEvent event, long now) {
        notes = new ArrayList<>();
        actions = new ArrayList<>();
        Activity before = activity();
        detectStall(now);
        if (event instanceof RoleEvent.HeartbeatReceived hb) {
            partner.heard(hb.report(), now).ifPresent(msg -> note(now, "partner", msg));
        } else if (event instanceof RoleEvent.PartnerLinkLost lost) {
            partner.linkLost().ifPresent(msg -> note(now, "partner", msg + " (" + lost.cause() + ")"));
        } else if (event instanceof RoleEvent.PartnerProcessGone gone) {
            partner.processGone(gone.cause()).ifPresent(msg -> note(now, "partner", msg));
        } else if (event instanceof RoleEvent.ServersListening) {
            if (!settled) {
                startedAt = now;
                lastTick = now;
            }
        } else if (event instanceof RoleEvent.Tick) {
            // Ticks only let time pass; the stall check above ran for this one too.
            lastTick = now;
        } else if (event instanceof RoleEvent.PeerHandshake hs) {
            handshakePending = hs.pending();
        } else if (event instanceof RoleEvent.HealthChanged h) {
            if (h.healthy() != healthy) {
                note(now, "health", h.healthy() ? "own health restored" : "own health check failed: " + h.detail());
            }
            healthy = h.healthy();
            healthDetail = h.detail();
        } else if (event instanceof RoleEvent.Noted n) {
            note(now, n.kind(), n.message());
        } else if (event instanceof RoleEvent.ProbeSeen probe) {
            probes.seen(probe.source(), probe.answeredActive() && activity == Activity.ACTIVE, now);
        } else if (event instanceof RoleEvent.SwitchoverRequested s) {
            onSwitchover(s.by(), now);
        } else if (event instanceof RoleEvent.ShutdownRequested) {
            onShutdown(now);
        } else if (event instanceof RoleEvent.WitnessChanged w) {
            onWitness(w.state(), now);
        } else if (event instanceof RoleEvent.MaintenanceRequested m) {
            onMaintenance(m, now);
        } else if (event instanceof RoleEvent.SelfCheckChanged c) {
            onSelfCheck(c, now);
        }
        liftFence(event instanceof RoleEvent.HeartbeatReceived hb && hb.echoSentAt() >= fencedSince, now);
        evaluate(now);
        return new Decision(activity(), before != activity(), List.copyOf(actions), List.copyOf(notes));
    }

    /**
     * Ticks come every quarter heartbeat while the event loop runs; a longer gap before any event
     * means this node itself stalled, so that event must not be the one that declares the partner dead.
     */
    private void detectStall(long now) {
        long gap = now - lastTick;
        lastTick = now;
        if (gap <= timing.heartbeatInterval().toMillis()) {
            return;
        }
        // We did not run for a while (GC pause, overloaded host): the partner's heartbeats may be
        // waiting unread in our socket, so give them a chance before declaring the partner dead.
        partner.graceAfterLocalStall(now);
        if (!settled) {
            // A stalled start-up has not really waited for the partner yet.
            startedAt += gap;
        }
        if (settled && self.mode().haEnabled() && mayHaveBeenTakenOver(gap)) {
            fencedSince = now;
            actions.add(new Action.Announce());
            note(now, "stall", "local stall of " + gap + " ms: the partner may have taken over; answering 503"
                    + " until a heartbeat it sends now arrives or " + timing.deadAfter().toMillis()
                    + " ms pass without one");
        } else if (gap >= timing.stalledAfter().toMillis()) {
            // Shorter stalls are routine on a busy host; only the ones worth a look go to the log.
            note(now, "stall", "local stall of " + gap + " ms; extending the partner's deadline");
        }
    }

    /**
     * Our last heartbeat went out up to one interval before a stall began: after a longer stall than
     * this the partner may have gone partner-dead-after without hearing us, and taken over. (A stall
     * during start-up needs no fence: the start-up wait is extended instead.)
     */
    private boolean mayHaveBeenTakenOver(long stall) {
        return stall > timing.deadAfter().toMillis() - timing.heartbeatInterval().toMillis();
    }

    /**
     * Ends the fence after a stall. Heartbeats that waited in the socket while this node was stopped
     * arrive in a burst on waking and tell of the partner before the wake; only one that echoes a
     * heartbeat this node sent on waking or later ({@code answersWake}) tells of it now.
     */
    private void liftFence(boolean answersWake, long now) {
        if (fencedSince < 0) {
            return;
        }
        long sinceWake = now - fencedSince;
        if (!answersWake && sinceWake < timing.deadAfter().toMillis()) {
            return;
        }
        fencedSince = -1;
        PartnerReport p = partner.report();
        if (answersWake && activity == Activity.ACTIVE && p.active()) {
            become(Activity.STANDBY, TransitionReason.STALLED, "woke from a local stall to find partner "
                    + p.nodeName() + " active: standing by", now);
        } else {
            note(now, "stall", answersWake ? "heard partner after the stall; deciding by the rules"
                    : "partner not heard within " + timing.deadAfter().toMillis() + " ms of waking; deciding by the rules");
        }
    }

    private void onSwitchover(String by, long now) {
        String refusal = switchoverRefusal();
        if (refusal != null) {
            actions.add(new Action.RefuseSwitchover(refusal));
            note(now, "switchover", "switchover requested by " + by + " refused: " + refusal);
            return;
        }
        intentSince = now;
        String detail;
        if (activity == Activity.ACTIVE) {
            intent = Intent.HANDING_OVER;
            if (self.mode() == HaMode.MASTER && self.preferred() == PreferredServer.PREFER_MASTER) {
                yielded = true;
            }
            detail = "handing over to partner " + partner.report().nodeName();
        } else {
            intent = Intent.CLAIMING;
            detail = "taking over from partner " + partner.report().nodeName();
        }
        actions.add(new Action.AcceptSwitchover(detail));
        actions.add(new Action.Announce());
        note(now, "switchover", "switchover requested by " + by + ": " + detail);
    }

    private String switchoverRefusal() {
        if (!self.mode().haEnabled()) {
            return "HA is off on this node (ha-mode none)";
        }
        if (maintenance) {
            return "this node is in maintenance; take it out of maintenance first";
        }
        if (shuttingDown) {
            return "this node is shutting down";
        }
        if (!settled || !partner.liveness().heard()) {
            return "partner is not reachable over the peer link; there is no node to switch over to";
        }
        if (intent != Intent.NONE) {
            return "a switchover is already in progress";
        }
        PartnerReport p = partner.report();
        if (p.maintenance()) {
            return "partner " + p.nodeName() + " is in maintenance; there is no node to switch over to";
        }
        if (activity == Activity.ACTIVE && p.active()) {
            return "both nodes are active right now; wait until they have settled";
        }
        if (activity == Activity.ACTIVE && !p.healthy()) {
            return "partner " + p.nodeName() + " reports itself unhealthy; fix it before switching over";
        }
        if (activity == Activity.STANDBY && !healthy) {
            return "this node is unhealthy (" + healthDetail + "); fix it before taking over";
        }
        return null;
    }

    private void onMaintenance(RoleEvent.MaintenanceRequested m, long now) {
        if (m.on() == maintenance) {
            actions.add(new Action.AcceptMaintenance(maintenance ? "already in maintenance" : "not in maintenance"));
            return;
        }
        String refusal = m.on() ? maintenanceRefusal(m.force()) : null;
        if (refusal != null) {
            actions.add(new Action.RefuseMaintenance(refusal));
            note(now, "maintenance", "maintenance requested by " + m.by() + " refused: " + refusal);
            return;
        }
        maintenance = m.on();
        String detail;
        if (!maintenance) {
            detail = "left maintenance: the usual rules decide again";
        } else if (activity() == Activity.ACTIVE && partner.liveness().heard() && !partner.report().maintenance()) {
            detail = "in maintenance: handing over to partner " + partner.report().nodeName() + " first";
        } else if (activity() == Activity.ACTIVE) {
            detail = "in maintenance (forced): answering 503 with no partner to take over";
        } else {
            detail = "in maintenance: standing by";
        }
        actions.add(new Action.AcceptMaintenance(detail));
        actions.add(new Action.Announce());
        note(now, "maintenance", detail + " (" + m.by() + ")");
    }

    /** Why this node may not enter maintenance now: it would leave the pair with no node to serve. */
    private String maintenanceRefusal(boolean force) {
        if (shuttingDown) {
            return "this node is shutting down";
        }
        if (intent != Intent.NONE) {
            return "a switchover is in progress; wait until it completes";
        }
        if (force) {
            return null;
        }
        String unforced = "; force it to stop serving anyway";
        if (!self.mode().haEnabled()) {
            return "HA is off on this node (ha-mode none): no partner takes over" + unforced;
        }
        if (!settled || !partner.liveness().heard()) {
            return "partner is not reachable over the peer link: no node would take over" + unforced;
        }
        PartnerReport p = partner.report();
        if (p.maintenance()) {
            return "partner " + p.nodeName() + " is in maintenance too: no node would take over" + unforced;
        }
        if (!p.healthy()) {
            return "partner " + p.nodeName() + " reports itself unhealthy: it would not take over" + unforced;
        }
        return null;
    }

    private void onSelfCheck(RoleEvent.SelfCheckChanged c, long now) {
        if (c.lost() == lostTargets) {
            return;
        }
        note(now, "self-check", c.lost() == 0 ? "all " + c.targets() + " reachability targets answer again"
                : "lost " + c.lost() + " of " + c.targets() + " reachability targets: " + c.detail());
        lostTargets = c.lost();
        actions.add(new Action.Announce());
    }

    private void onShutdown(long now) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        activeAtShutdown = activity == Activity.ACTIVE;
        intentSince = now;
        note(now, "shutdown", activeAtShutdown && partner.liveness().heard()
                ? "shutdown requested: handing over to partner " + partner.report().nodeName() + " first"
                : "shutdown requested");
        actions.add(new Action.Announce());
    }

    private void evaluate(long now) {
        partner.update(now).ifPresent(msg -> note(now, "partner", msg));
        yieldIfPartnerClaims();
        if (!self.mode().haEnabled()) {
            if (maintenance && activity == Activity.ACTIVE) {
                become(Activity.STANDBY, TransitionReason.MAINTENANCE, "in maintenance with HA off: answering 503", now);
            } else if (!maintenance && activity != Activity.ACTIVE && !shuttingDown) {
                become(Activity.ACTIVE, TransitionReason.HA_OFF, "HA is off: serving alone", now);
            }
            settled = true;
            finishShutdown(now);
            return;
        }
        if (!settled) {
            if (partner.liveness().heard()) {
                settled = true;
                note(now, "start", "heard partner " + partner.report().nodeName() + "; deciding by the rules");
            } else if (startupWaitOver(now)) {
                settled = true;
                note(now, "start", "partner not heard within " + startupWait() + " ms ("
                        + (self.mode() == HaMode.SLAVE ? "slave-start-wait" : "partner-dead-after") + "); deciding alone");
            } else {
                finishShutdown(now);
                return;
            }
        }
        expireIntent(now);
        Verdict verdict = verdict(now);
        noteWitnessBlock(verdict, now);
        if (activity == Activity.STANDBY && verdict.entitled() && !shuttingDown && fencedSince < 0) {
            become(Activity.ACTIVE, verdict.reason(), verdict.why(), now);
        } else if (activity == Activity.ACTIVE && !verdict.entitled()) {
            stepDownIfCovered(verdict, now);
        }
        completeIntent(now);
        finishShutdown(now);
    }

    private boolean startupWaitOver(long now) {
        long waited = now - startedAt;
        if (handshakePending) {
            return waited >= startupWait() + STARTUP_HANDSHAKE_LIMIT_MS;
        }
        return waited >= startupWait();
    }

    /** The cold-start rule of the class comment: the slave waits longer than the master. */
    private long startupWait() {
        long master = timing.deadAfter().toMillis();
        return self.mode() == HaMode.SLAVE ? Math.max(master, timing.slaveStartWait().toMillis()) : master;
    }

    private Verdict verdict(long now) {
        if (!partner.liveness().heard()) {
            if (intent == Intent.HANDING_OVER) {
                intent = Intent.NONE;
                note(now, "switchover", "switchover abandoned: partner is gone");
            }
            if (shuttingDown) {
                return Verdict.standby(TransitionReason.SHUTDOWN, "shutting down; no partner to hand over to");
            }
            if (maintenance) {
                return Verdict.standby(TransitionReason.MAINTENANCE, "in maintenance: not serving although partner "
                        + (partner.liveness() == PartnerLiveness.UNKNOWN ? "was never heard" : "is dead"));
            }
            Verdict alone = partner.liveness() == PartnerLiveness.UNKNOWN
                    ? Verdict.active(TransitionReason.PARTNER_NEVER_HEARD,
                            "partner never heard since start: serving alone")
                    : Verdict.active(TransitionReason.PARTNER_DEAD,
                            "partner " + partner.report().nodeName() + " is dead: taking over");
            return WitnessRule.partnerSilent(alone, witness, activity, now);
        }
        return Entitlement.decide(new Entitlement.View(self.mode(), self.preferred(), activity, activatedAt, healthy,
                healthDetail, intent, shuttingDown, yielded, maintenance, lostTargets, partner.report(),
                partner.configError()));
    }

    private void stepDownIfCovered(Verdict verdict, long now) {
        boolean partnerGone = !partner.liveness().heard();
        // No overlap to wait for when the lease ran out: the partner may be active already. A forced
        // maintenance has no partner that would cover it either.
        if (partnerGone && (shuttingDown || verdict.reason() == TransitionReason.WITNESS_LOST
                || verdict.reason() == TransitionReason.MAINTENANCE)) {
            become(Activity.STANDBY, verdict.reason(), verdict.why(), now);
            return;
        }
        PartnerReport p = partner.report();
        if (verdict.reason() == TransitionReason.MAINTENANCE && p.maintenance()) {
            become(Activity.STANDBY, verdict.reason(), "in maintenance (forced) while partner " + p.nodeName()
                    + " is in maintenance too: nobody serves", now);
            return;
        }
        if (partnerGone || !p.active()) {
            return;
        }
        boolean balancerProbesUs = probes.connected(now);
        boolean balancerSeesPartner = p.activeProbes() >= timing.handoverProbes();
        if (!balancerProbesUs || balancerSeesPartner) {
            become(Activity.STANDBY, verdict.reason(), verdict.why() + "; partner " + p.nodeName() + " is active"
                    + (balancerProbesUs ? " and the balancer has seen it" : ""), now);
        }
    }

    private void expireIntent(long now) {
        if ((intent != Intent.NONE || shuttingDown) && now - intentSince > timing.handoverTimeout().toMillis()) {
            if (shuttingDown && !exitIssued) {
                note(now, "shutdown", "partner did not take over within " + timing.handoverTimeout().toMillis()
                        + " ms; exiting anyway");
                exitIssued = true;
                activity = Activity.STANDBY;
                actions.add(new Action.Exit(false));
            }
            if (intent != Intent.NONE) {
                note(now, "switchover", "switchover did not complete within " + timing.handoverTimeout().toMillis()
                        + " ms; partner did not follow; staying " + activity.name().toLowerCase());
                intent = Intent.NONE;
            }
        }
    }

    private void completeIntent(long now) {
        if (intent == Intent.NONE || !partner.liveness().heard()) {
            return;
        }
        PartnerReport p = partner.report();
        boolean done = intent == Intent.HANDING_OVER
                ? activity == Activity.STANDBY && p.active()
                : activity == Activity.ACTIVE && !p.active();
        if (done) {
            intent = Intent.NONE;
            note(now, "switchover", "switchover complete");
        }
    }

    private void finishShutdown(long now) {
        if (shuttingDown && !exitIssued && (activity == Activity.STANDBY || !self.mode().haEnabled())) {
            exitIssued = true;
            activity = Activity.STANDBY;
            actions.add(new Action.Exit(activeAtShutdown && probes.connected(now)));
        }
    }

    private void become(Activity next, TransitionReason reason, String detail, long now) {
        activity = next;
        if (next == Activity.ACTIVE) {
            activatedAt = now;
            probes.resetActiveCount();
            if (yielded && self.mode() == HaMode.MASTER) {
                yielded = false;
            }
        } else {
            activatedAt = 0;
        }
        actions.add(new Action.Announce());
        notes.add(log.add(now, "transition", self.mode().display() + " -> " + next.name().toLowerCase() + ": "
                + detail, reason));
    }

    /** Called when the partner claims activity: under prefer-master the master then stands back. */
    private void yieldIfPartnerClaims() {
        if (self.mode() == HaMode.MASTER && self.preferred() == PreferredServer.PREFER_MASTER
                && partner.liveness().heard() && partner.report().claiming()) {
            yielded = true;
        }
    }

    private void onWitness(WitnessState next, long now) {
        boolean wasHeld = witness != null && witness.held(now);
        if (next.held(now)) {
            if (!wasHeld || witness.token() != next.token()) {
                note(now, "witness", "witness lease held (fencing token " + next.token() + ")");
            }
        } else if (wasHeld) {
            note(now, "witness", "witness lease no longer held: " + next.detail());
        } else if (witness == null || witness.reachable() != next.reachable()
                || !witness.detail().equals(next.detail())) {
            note(now, "witness", (next.reachable() ? "witness lease not held: " : "witness unreachable: ")
                    + next.detail());
        }
        witness = next;
    }

    /** Says once, when it starts, that only the witness keeps this node from taking over. */
    private void noteWitnessBlock(Verdict verdict, long now) {
        boolean blocked = verdict.reason() == TransitionReason.WITNESS_NOT_HELD;
        if (blocked && !witnessBlocked) {
            note(now, "witness", verdict.why());
        }
        witnessBlocked = blocked;
    }

    /** Whether the witness client should acquire and keep the lease now, or let it go. */
    public boolean wantsWitnessLease() {
        return WitnessRule.wanted(activity, partner.liveness().heard(), shuttingDown || maintenance);
    }

    private void note(long at, String kind, String message) {
        notes.add(log.add(at, kind, message, null));
    }

    /**
     * The report this node sends in its own heartbeats at {@code now}. A heartbeat timer can fire on
     * waking from a stall before any event has let the machine notice it; claiming to be active then
     * would make a partner that took over hand the traffic back to a node that is about to fence.
     */
    public PartnerReport ownReport(long now) {
        boolean unnoticedStall = settled && self.mode().haEnabled() && mayHaveBeenTakenOver(now - lastTick);
        Activity reported = unnoticedStall ? Activity.STANDBY : activity();
        return new PartnerReport(self.nodeName(), self.mode(), self.preferred(), reported, healthy,
                activatedAt, probes.activeCount(), intent == Intent.HANDING_OVER || shuttingDown,
                intent == Intent.CLAIMING, yielded, self.softwareVersion(), self.checkPort(), maintenance, lostTargets);
    }

    public RoleStatus status(long now) {
        return new RoleStatus(self, activity(), display(now), settled, probes.connected(now), activatedAt, healthy,
                healthDetail, probes.lastAt(), probes.lastSource(), probes.total(), probes.activeCount(),
                partner.liveness(), partner.report(), partner.heardAt(), intent, yielded, shuttingDown, maintenance,
                lostTargets,
                partner.configError() == null ? List.of() : List.of(partner.configError()),
                partner.warnings(), log.entries());
    }

    /**
     * The display string of DESIGN.md: "Master (Active)", "Slave Unconnected", "Master" while starting, and
     * "Master (Maintenance)" whatever else holds while an operator keeps the node out of service.
     */
    public String display(long now) {
        String mode = self.mode().display();
        if (maintenance) {
            return mode + " (Maintenance)";
        }
        if (self.mode().haEnabled() && !settled) {
            return mode;
        }
        if (!probes.connected(now)) {
            return mode + " Unconnected";
        }
        if (!self.mode().haEnabled()) {
            return mode;
        }
        return mode + (activity() == Activity.ACTIVE ? " (Active)" : " (Standby)");
    }
}
