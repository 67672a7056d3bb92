package io.hapair.node.runtime;

import io.hapair.node.geo.PairHealth;
import io.hapair.node.health.ServingGate;
import io.hapair.node.role.Action;
import io.hapair.node.role.Activity;
import io.hapair.node.role.Decision;
import io.hapair.node.role.EventLog;
import io.hapair.node.role.NodeIdentity;
import io.hapair.node.role.PartnerReport;
import io.hapair.node.role.RoleEvent;
import io.hapair.node.role.RoleMachine;
import io.hapair.node.role.RoleStatus;
import io.hapair.node.role.RoleTiming;
import io.hapair.node.role.TransitionReason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of {@link RoleMachine}: feeds it events, publishes its decisions (the activity the
 * health check answers, the pair state GEO answers) and carries out its actions. Every method but the
 * snapshots and {@link #started} runs on the node's event loop.
 */
final class RoleShell {

    private static final Logger LOG = LoggerFactory.getLogger(RoleShell.class);

    /** Where a decision's effects go. */
    interface Effects {
        /** The machine wants the partner to hear its state now. */
        void announce();

        void transition(Activity to, TransitionReason reason);

        /** The machine changed its mind on keeping the witness lease (only matters with a witness). */
        void witnessWishChanged();
    }

    private final NodeIdentity identity;
    private final RoleTiming timing;
    private final Effects effects;
    private final AtomicReference<Activity> activity = new AtomicReference<>(Activity.STANDBY);
    private final ServingGate gate;
    private final AtomicReference<PairHealth.PairState> pairState =
            new AtomicReference<>(new PairHealth.PairState(false, false));
    private final Promise<Boolean> exitRequested = Promise.promise();
    private RoleMachine machine;
    private volatile boolean started;
    private Promise<String> pendingSwitchover;
    private Promise<String> pendingMaintenance;
    private volatile boolean maintenance;
    private boolean witnessWanted;

    RoleShell(NodeIdentity identity, RoleTiming timing, Effects effects) {
        this.identity = identity;
        this.timing = timing;
        this.effects = effects;
        this.gate = new ServingGate(timing.stalledAfter(), System::nanoTime);
    }

    /** Starts the machine; its start-up wait (503 until the partner is heard or dead-after passed) counts from now. */
    void begin() {
        machine = new RoleMachine(identity, timing, System.currentTimeMillis());
        started = true;
    }

    /** Thread-safe: the API's server asks on its own event loop. */
    boolean started() {
        return started;
    }

    /** Thread-safe: read by the metrics on their own thread. */
    Activity activity() {
        return activity.get();
    }

    /** What the health-check server answers, on its own event loop: 503 also while this loop does not run. */
    ServingGate gate() {
        return gate;
    }

    /** Thread-safe: read by the GEO DNS server on its own event loop, hence a snapshot rather than the machine. */
    PairHealth.PairState pairState() {
        return pairState.get();
    }

    void handle(RoleEvent event) {
        if (machine == null) {
            return;
        }
        long decidedAt = gate.now();
        Decision d = machine.on(event, System.currentTimeMillis());
        activity.set(d.activity());
        gate.ran(d.activity(), decidedAt);
        maintenance = machine.maintenance();
        pairState.set(new PairHealth.PairState(d.activity() == Activity.ACTIVE, machine.partnerActive()));
        for (EventLog.Entry note : d.notes()) {
            if (note.reason() != null) {
                LOG.warn("role: {}", note.message());
                effects.transition(d.activity(), note.reason());
            } else {
                LOG.info("role: {}: {}", note.kind(), note.message());
            }
        }
        for (Action action : d.actions()) {
            if (action instanceof Action.Announce) {
                effects.announce();
            } else if (action instanceof Action.Exit exit) {
                exitRequested.tryComplete(exit.drain());
            } else if (action instanceof Action.AcceptSwitchover accept && pendingSwitchover != null) {
                pendingSwitchover.tryComplete(accept.detail());
            } else if (action instanceof Action.RefuseSwitchover refuse && pendingSwitchover != null) {
                pendingSwitchover.tryFail(refuse.reason());
            } else if (action instanceof Action.AcceptMaintenance accept && pendingMaintenance != null) {
                pendingMaintenance.tryComplete(accept.detail());
            } else if (action instanceof Action.RefuseMaintenance refuse && pendingMaintenance != null) {
                pendingMaintenance.tryFail(refuse.reason());
            }
        }
        if (machine.wantsWitnessLease() != witnessWanted) {
            witnessWanted = !witnessWanted;
            effects.witnessWishChanged();
        }
    }

    /** Whether the witness lease should be kept now; read by the witness keeper on the event loop. */
    boolean wantsWitnessLease() {
        return machine != null && machine.wantsWitnessLease();
    }

    /** What this node tells its partner in a heartbeat; null before the machine starts. */
    PartnerReport ownReport() {
        return machine == null ? null : machine.ownReport(System.currentTimeMillis());
    }

    /** Completes with the drain flag once the state machine allows the process to exit. */
    Future<Boolean> exitRequested() {
        return exitRequested.future();
    }

    Future<String> switchover(String by) {
        pendingSwitchover = Promise.promise();
        Promise<String> p = pendingSwitchover;
        handle(new RoleEvent.SwitchoverRequested(by));
        pendingSwitchover = null;
        return p.future();
    }

    /**
     * Asks the machine to enter ({@code on}) or leave maintenance; completes with what happens, fails with why
     * not. {@code force} enters even when no partner would take over.
     */
    Future<String> maintenance(boolean on, boolean force, String by) {
        pendingMaintenance = Promise.promise();
        Promise<String> p = pendingMaintenance;
        handle(new RoleEvent.MaintenanceRequested(on, force, by));
        pendingMaintenance = null;
        return p.future();
    }

    /** Thread-safe: read by the metrics on their own thread. */
    boolean inMaintenance() {
        return maintenance;
    }

    /** A standby node that the balancer reaches takes no writes of synced settings: they go to the active node. */
    boolean refusesSyncedWrites() {
        return machine != null && machine.activity() == Activity.STANDBY
                && machine.connected(System.currentTimeMillis());
    }

    RoleStatus status() {
        return machine.status(System.currentTimeMillis());
    }
}
