package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Maintenance mode on a simulated pair: hand over first, 503 throughout, never take over, leave to the rules. */
class MaintenanceTest {

    private static final long SETTLE = 3_000;

    private static RoleEvent.MaintenanceRequested on() {
        return new RoleEvent.MaintenanceRequested(true, false, "test");
    }

    private static RoleEvent.MaintenanceRequested off() {
        return new RoleEvent.MaintenanceRequested(false, false, "test");
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void maintenanceOnTheActiveNodeHandsOverWithOverlapAndNoGapAndTheNodeStaysAt503(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().withBalancer(1_000).run(SETTLE);
        pair.resetCounters();

        Decision d = pair.master.send(on());
        assertThat(pair.master.active()).as("still serving until the partner is seen active").isTrue();
        pair.run(SETTLE);

        assertThat(d.actions()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(Action.AcceptMaintenance.class,
                accept -> assertThat(accept.detail()).contains("handing over to partner node-2 first")));
        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.overlapMillis).isPositive();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.MAINTENANCE);
        assertThat(pair.slave.reasons).last().isEqualTo(TransitionReason.PARTNER_MAINTENANCE);
    }

    @Test
    void nodeInMaintenanceSaysSoInItsDisplayStatusHeartbeatAndEventLog() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().withBalancer(500).run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);

        RoleStatus status = pair.master.status();
        assertThat(status.display()).isEqualTo("Master (Maintenance)");
        assertThat(status.maintenance()).isTrue();
        assertThat(pair.master.machine.ownReport(pair.now).maintenance()).isTrue();
        assertThat(pair.slave.status().partner().maintenance()).isTrue();
        assertThat(status.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("maintenance");
            assertThat(e.message()).contains("in maintenance").contains("test");
        });
    }

    @Test
    void nodeInMaintenanceDoesNotTakeOverWhenItsPartnerDies() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);

        pair.slave.kill();
        pair.run(SETTLE);

        assertThat(pair.master.active()).isFalse();
        assertThat(pair.master.status().partnerLiveness()).isEqualTo(PartnerLiveness.DEAD);
        assertThat(pair.master.status().display()).isEqualTo("Master (Maintenance)");
    }

    @Test
    void slaveInMaintenanceLeavesTheMasterActiveUnderNoPreemptionAfterItHadTakenOver() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);
        assertThat(pair.slave.active()).isTrue();
        pair.resetCounters();

        pair.slave.send(on());
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void partnerOfAMasterInMaintenanceStaysActiveAlthoughPreferMasterWouldGiveTheTrafficBack() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE * 3);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.slave.transitions).hasSize(1);
    }

    @Test
    void slaveTakesOverFromAMasterInMaintenanceEvenWhenItIsUnhealthyItself() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.slave.send(new RoleEvent.HealthChanged(false, "disk full"));
        pair.run(500);

        pair.master.send(new RoleEvent.MaintenanceRequested(true, true, "test"));
        pair.run(SETTLE);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
    }

    @Test
    void leavingMaintenanceUnderPreferMasterGivesTheTrafficBackToTheMasterWithoutGap() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().withBalancer(1_000).run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);
        pair.resetCounters();

        Decision d = pair.master.send(off());
        pair.run(SETTLE);

        assertThat(d.actions()).hasAtLeastOneElementOfType(Action.AcceptMaintenance.class);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.PREFER_MASTER);
        assertThat(pair.master.status().display()).isEqualTo("Master (Active)");
    }

    @Test
    void leavingMaintenanceUnderNoPreemptionLeavesThePartnerActive() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);

        pair.master.send(off());
        pair.run(SETTLE);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.master.status().maintenance()).isFalse();
    }

    @Test
    void maintenanceIsRefusedWithAReasonWhenThePartnerIsUnhealthyUnlessForced() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.slave.send(new RoleEvent.HealthChanged(false, "disk full"));
        pair.run(500);

        Decision refused = pair.master.send(on());

        assertThat(refused.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseMaintenance.class,
                r -> assertThat(r.reason()).contains("reports itself unhealthy").contains("force"));
        assertThat(pair.master.status().maintenance()).isFalse();
        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void maintenanceIsRefusedWhenThePartnerIsInMaintenanceToo() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);

        Decision refused = pair.slave.send(on());

        assertThat(refused.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseMaintenance.class,
                r -> assertThat(r.reason()).contains("is in maintenance too"));
        assertThat(pair.slave.active()).isTrue();
    }

    @Test
    void forcedMaintenanceWithoutAPartnerAnswers503AtOnce() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.run(SETTLE);

        Decision refused = pair.master.send(on());
        assertThat(refused.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseMaintenance.class,
                r -> assertThat(r.reason()).contains("partner is not reachable"));
        assertThat(pair.master.active()).isTrue();

        pair.master.send(new RoleEvent.MaintenanceRequested(true, true, "test"));

        assertThat(pair.master.active()).isFalse();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.MAINTENANCE);
    }

    @Test
    void maintenanceRestoredOnAStartKeepsTheNodeAt503EvenWhenItNeverHearsItsPartner() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.master.send(new RoleEvent.MaintenanceRequested(true, true, "saved state"));
        pair.run(SETTLE * 4);

        assertThat(pair.master.active()).isFalse();
        assertThat(pair.master.status().settled()).isTrue();
        assertThat(pair.master.status().display()).isEqualTo("Master (Maintenance)");
    }

    @Test
    void restartedMasterStillInMaintenanceLeavesTheSlaveActive() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);
        pair.resetCounters();

        pair.master.kill();
        pair.run(500);
        pair.master.start();
        pair.master.send(new RoleEvent.MaintenanceRequested(true, true, "saved state"));
        pair.run(SETTLE * 2);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void switchoverIsRefusedOnANodeInMaintenanceAndTowardsOne() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(on());
        pair.run(SETTLE);

        Decision onIt = pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        Decision towardsIt = pair.slave.send(new RoleEvent.SwitchoverRequested("test"));

        assertThat(onIt.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseSwitchover.class,
                r -> assertThat(r.reason()).contains("this node is in maintenance"));
        assertThat(towardsIt.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseSwitchover.class,
                r -> assertThat(r.reason()).contains("partner node-1 is in maintenance"));
    }

    @Test
    void askingForTheStateTheNodeIsInAlreadyChangesNothing() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        Decision d = pair.master.send(off());

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Action.AcceptMaintenance.class,
                a -> assertThat(a.detail()).isEqualTo("not in maintenance"));
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void haOffNodeEntersMaintenanceOnlyWhenForcedAndServesAgainWhenItLeaves() {
        SimulatedPair pair = new SimulatedPair(HaMode.NONE, HaMode.NONE, PreferredServer.NONE);
        pair.master.start();
        pair.run(100);

        Decision refused = pair.master.send(on());
        assertThat(refused.actions()).singleElement().isInstanceOf(Action.RefuseMaintenance.class);
        pair.master.send(new RoleEvent.MaintenanceRequested(true, true, "test"));
        assertThat(pair.master.active()).isFalse();

        pair.master.send(off());
        assertThat(pair.master.active()).isTrue();
    }
}
