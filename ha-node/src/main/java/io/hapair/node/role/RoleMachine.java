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
 * overlap, never gap. And a node that has just started answers 503 until it has heard its partner
 * or dead-after has passed, so a restart never makes both nodes answer 200 by surprise.
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
                ? " started, answering 503 until it hears its partner"
                : " started with HA off: no partner, serving alone"));
    }

    public Activity activity() {
        return activity;
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
        Activity before = activity;
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
        } else if (event instanceof RoleEvent.ProbeSeen probe) {
            probes.seen(probe.source(), probe.answeredActive() && activity == Activity.ACTIVE, now);
        } else if (event instanceof RoleEvent.SwitchoverRequested s) {
            onSwitchover(s.by(), now);
        } else if (event instanceof RoleEvent.ShutdownRequested) {
            onShutdown(now);
        }
        evaluate(now);
        return new Decision(activity, before != activity, List.copyOf(actions), List.copyOf(notes));
    }

    /**
     * Ticks come every quarter heartbeat while the event loop runs; a longer gap before any event
     * means this node itself stalled, so that event must not be the one that declares the partner dead.
     */
    private void detectStall(long now) {
        if (lastTick >= 0 && now - lastTick > timing.heartbeatInterval().toMillis()) {
            // We did not run for a while (GC pause, overloaded host): the partner's heartbeats may be
            // waiting unread in our socket, so give them a chance before declaring the partner dead.
            partner.graceAfterLocalStall(now);
            if (!settled) {
                // A stalled start-up has not really waited for the partner yet.
                startedAt += now - lastTick;
            }
            if (now - lastTick >= 2 * timing.heartbeatInterval().toMillis()) {
                // Shorter stalls are routine on a busy host; only the ones worth a look go to the log.
                note(now, "stall", "local stall of " + (now - lastTick) + " ms; extending the partner's deadline");
            }
        }
        lastTick = now;
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
            if (activity != Activity.ACTIVE && !shuttingDown) {
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
                note(now, "start", "partner not heard within partner-dead-after; deciding alone");
            } else {
                finishShutdown(now);
                return;
            }
        }
        expireIntent(now);
        Verdict verdict = verdict(now);
        if (activity == Activity.STANDBY && verdict.entitled() && !shuttingDown) {
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
            return waited >= timing.deadAfter().toMillis() + STARTUP_HANDSHAKE_LIMIT_MS;
        }
        return waited >= timing.deadAfter().toMillis();
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
            return partner.liveness() == PartnerLiveness.UNKNOWN
                    ? Verdict.active(TransitionReason.PARTNER_NEVER_HEARD,
                            "partner never heard since start: serving alone")
                    : Verdict.active(TransitionReason.PARTNER_DEAD,
                            "partner " + partner.report().nodeName() + " is dead: taking over");
        }
        return Entitlement.decide(new Entitlement.View(self.mode(), self.preferred(), activity, activatedAt, healthy,
                healthDetail, intent, shuttingDown, yielded, partner.report(), partner.configError()));
    }

    private void stepDownIfCovered(Verdict verdict, long now) {
        boolean partnerGone = !partner.liveness().heard();
        if (partnerGone && shuttingDown) {
            become(Activity.STANDBY, verdict.reason(), verdict.why(), now);
            return;
        }
        PartnerReport p = partner.report();
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

    private void note(long at, String kind, String message) {
        notes.add(log.add(at, kind, message, null));
    }

    /** The report this node sends in its own heartbeats. */
    public PartnerReport ownReport() {
        return new PartnerReport(self.nodeName(), self.mode(), self.preferred(), activity, healthy,
                activatedAt, probes.activeCount(), intent == Intent.HANDING_OVER || shuttingDown,
                intent == Intent.CLAIMING, yielded, self.softwareVersion(), self.checkPort());
    }

    public RoleStatus status(long now) {
        return new RoleStatus(self, activity, display(now), settled, probes.connected(now), activatedAt, healthy,
                healthDetail, probes.lastAt(), probes.lastSource(), probes.total(), probes.activeCount(),
                partner.liveness(), partner.report(), partner.heardAt(), intent, yielded, shuttingDown,
                partner.configError() == null ? List.of() : List.of(partner.configError()),
                partner.warnings(), log.entries());
    }

    /** The display string of DESIGN.md: "Master (Active)", "Slave Unconnected", "Master" while starting. */
    public String display(long now) {
        String mode = self.mode().display();
        if (self.mode().haEnabled() && !settled) {
            return mode;
        }
        if (!probes.connected(now)) {
            return mode + " Unconnected";
        }
        if (!self.mode().haEnabled()) {
            return mode;
        }
        return mode + (activity == Activity.ACTIVE ? " (Active)" : " (Standby)");
    }
}
