package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RoleMachineTest {

    private static final long SETTLE = 3_000;

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void pairStartedTogetherSettlesWithTheMasterActive(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void startingMasterAnswers503UntilItHearsItsPartnerOrDeadAfterPasses() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.run(500);
        assertThat(pair.master.active()).as("master before dead-after, partner never heard").isFalse();
        assertThat(pair.master.status().display()).isEqualTo("Master");

        pair.run(600);
        assertThat(pair.master.active()).as("master after dead-after without a partner").isTrue();
    }

    @Test
    void startingSlaveThatNeverHearsItsMasterServesAloneAfterSlaveStartWait() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.slave.start();
        pair.run(SimulatedPair.TIMING.slaveStartWait().toMillis() - 100);
        assertThat(pair.slave.active()).as("slave before slave-start-wait, partner never heard").isFalse();
        assertThat(pair.slave.status().display()).isEqualTo("Slave");

        pair.run(200);
        assertThat(pair.slave.active()).as("slave after slave-start-wait without a partner").isTrue();
        assertThat(pair.slave.reasons).containsExactly(TransitionReason.PARTNER_NEVER_HEARD);
    }

    @Test
    void startingNodeKeepsWaitingWhileAHandshakeWithThePartnerIsUnderWay() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.master.send(new RoleEvent.PeerHandshake(true));
        pair.run(3_000);
        assertThat(pair.master.active()).as("partner is there but slow to authenticate").isFalse();

        pair.master.send(new RoleEvent.PeerHandshake(false));
        pair.run(100);
        assertThat(pair.master.active()).as("handshake failed, dead-after long passed").isTrue();
    }

    @Test
    void startUpWaitCountsFromWhenTheServersListen() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.now += 5_000;
        pair.master.send(new RoleEvent.ServersListening());
        pair.run(500);

        assertThat(pair.master.active()).as("a slow JVM start is no wait for the partner").isFalse();
        pair.run(600);
        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void restartedMasterDoesNotAnswer200BeforeHearingTheActiveSlave() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);
        pair.linkUp = false;
        pair.master.start();
        pair.run(500);

        assertThat(pair.master.active()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void slaveTakesOverWithinOneSecondWhenMasterStopsHeartbeating(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);
        pair.master.kill();

        long takeover = pair.runUntilActive(pair.slave, 5_000);

        assertThat(takeover).isBetween(1L, 1_000L);
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.DEAD);
    }

    @Test
    void lostPeerLinkAloneNeitherSuspectsThePartnerNorCausesATakeoverWhileItsHeartbeatsArrive() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        Decision d = pair.slave.send(new RoleEvent.PartnerLinkLost("connection reset"));

        assertThat(d.notes()).extracting(EventLog.Entry::message)
                .anyMatch(m -> m.contains("peer link to partner node-1 lost") && m.contains("connection reset"));
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.ALIVE);
        pair.run(SETTLE);
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.ALIVE);
        assertThat(pair.slave.transitions).isEmpty();
    }

    @Test
    void theStandbyCountsASuspectedActivePartnerAsActiveUntilItTakesOver() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SimulatedPair.TIMING.suspectAfter().toMillis() + 20);

        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.SUSPECT);
        assertThat(pair.slave.machine.partnerActive()).as("suspected, not dead: still the pair's active node").isTrue();

        pair.runUntilActive(pair.slave, 5_000);
        assertThat(pair.slave.machine.partnerActive()).isFalse();
    }

    @Test
    void partnerWhoseProcessIsGoneIsDeadAtOnceAndTheStandbyTakesOverWithoutWaitingForDeadAfter() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.kill();

        Decision d = pair.slave.send(new RoleEvent.PartnerProcessGone("connection refused"));

        assertThat(d.activity()).isEqualTo(Activity.ACTIVE);
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.DEAD);
        assertThat(pair.slave.reasons).containsExactly(TransitionReason.PARTNER_DEAD);
        assertThat(d.notes()).extracting(EventLog.Entry::message)
                .anyMatch(m -> m.contains("declared dead at once: its process is gone (connection refused)"));
    }

    @Test
    void partnerDeclaredGoneThatIsHeardAgainIsAliveAndPreferMasterHandsBackWithoutAGap() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).withBalancer(100).startBoth().run(SETTLE);
        pair.master.kill();
        pair.slave.send(new RoleEvent.PartnerProcessGone("connection refused"));
        pair.run(SETTLE);
        pair.resetCounters();

        pair.master.start();
        pair.run(3 * SETTLE);

        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.ALIVE);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void heartbeatsLateByLessThanDeadAfterCauseNoFailover() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        for (int i = 0; i < 5; i++) {
            pair.linkUp = false;
            pair.run(600);
            pair.linkUp = true;
            pair.run(300);
        }

        assertThat(pair.slave.transitions).isEmpty();
        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void localStallDoesNotDeclareThePartnerDead() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.now += 2_000;
        pair.slave.send(new RoleEvent.Tick());

        assertThat(pair.slave.status().partnerLiveness()).isNotEqualTo(PartnerLiveness.DEAD);
        assertThat(pair.slave.active()).isFalse();
        pair.run(100);
        assertThat(pair.slave.status().partnerLiveness()).isEqualTo(PartnerLiveness.ALIVE);
        assertThat(pair.slave.transitions).isEmpty();
    }

    @Test
    void underPreferMasterTheReturningMasterTakesOverWithOverlapAndNoGap() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);
        pair.resetCounters();

        pair.master.start();
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.overlapMillis).isPositive().isLessThanOrEqualTo(SimulatedPair.TIMING.heartbeatInterval().toMillis());
    }

    @Test
    void underNoPreemptionTheReturningMasterStaysStandby() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);
        pair.master.start();
        pair.run(SETTLE);

        assertThat(pair.master.active()).isFalse();
        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.status().display()).isEqualTo("Master Unconnected");
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void unhealthyActiveNodeHandsOverToTheHealthyPartnerWithoutGap(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);
        pair.resetCounters();
        pair.master.send(new RoleEvent.HealthChanged(false, "data directory not writable"));
        pair.run(SETTLE);

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.master.transitions).last().asString().contains("own health check failed");
    }

    @Test
    void masterWhoseHealthReturnsTakesBackUnderPreferMasterButNotUnderNone() {
        for (PreferredServer preferred : PreferredServer.values()) {
            SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);
            pair.master.send(new RoleEvent.HealthChanged(false, "disk full"));
            pair.run(SETTLE);
            pair.master.send(new RoleEvent.HealthChanged(true, "ok"));
            pair.run(SETTLE);

            assertThat(pair.master.active()).as(preferred.key()).isEqualTo(preferred == PreferredServer.PREFER_MASTER);
            assertThat(pair.slave.active()).as(preferred.key()).isEqualTo(preferred == PreferredServer.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void operatorSwitchoverOnTheActiveNodeMovesActivityAndItStays(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);
        pair.resetCounters();
        Decision d = pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);

        assertThat(d.actions()).hasAtLeastOneElementOfType(Action.AcceptSwitchover.class);
        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.overlapMillis).isLessThanOrEqualTo(SimulatedPair.TIMING.heartbeatInterval().toMillis());
        assertThat(pair.master.status().intent()).isEqualTo(Intent.NONE);
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void switchoverRequestedOnTheStandbyNodeMakesItActive(PreferredServer preferred) {
        SimulatedPair pair = new SimulatedPair(preferred).startBoth().run(SETTLE);
        pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);
        pair.resetCounters();

        pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.gapMillis).isZero();
        assertThat(pair.master.status().yielded()).isFalse();
    }

    @Test
    void switchoverBackToTheMasterFromTheSlaveSideRestoresPreferMaster() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);
        pair.slave.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
        assertThat(pair.master.status().yielded()).isFalse();
    }

    @Test
    void switchoverIsRefusedWithAReasonWhenThereIsNoPartner() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.run(SETTLE);

        Decision d = pair.master.send(new RoleEvent.SwitchoverRequested("test"));

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseSwitchover.class,
                r -> assertThat(r.reason()).contains("partner is not reachable"));
        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void switchoverToAnUnhealthyPartnerIsRefused() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.slave.send(new RoleEvent.HealthChanged(false, "disk full"));
        pair.run(500);

        Decision d = pair.master.send(new RoleEvent.SwitchoverRequested("test"));

        assertThat(d.actions()).singleElement().isInstanceOfSatisfying(Action.RefuseSwitchover.class,
                r -> assertThat(r.reason()).contains("reports itself unhealthy"));
    }

    @Test
    void shutdownOfTheActiveNodeHandsOverBeforeExiting() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().withBalancer(1_000).run(SETTLE);
        pair.resetCounters();
        pair.master.send(new RoleEvent.ShutdownRequested());
        assertThat(pair.master.exited()).isFalse();

        pair.run(SETTLE);

        assertThat(pair.master.exited()).isTrue();
        assertThat(pair.master.actions).filteredOn(a -> a instanceof Action.Exit)
                .singleElement().isEqualTo(new Action.Exit(true));
        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.gapMillis).isZero();
    }

    @Test
    void shutdownOfTheStandbyNodeExitsAtOnceWithoutDrain() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        Decision d = pair.slave.send(new RoleEvent.ShutdownRequested());

        assertThat(d.actions()).contains(new Action.Exit(false));
        assertThat(pair.master.active()).isTrue();
    }

    @Test
    void shutdownWithoutAPartnerToTakeOverExits() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.run(SETTLE);
        Decision d = pair.master.send(new RoleEvent.ShutdownRequested());

        assertThat(d.actions()).hasAtLeastOneElementOfType(Action.Exit.class);
    }

    @Test
    void withABalancerTheOldActiveStepsDownOnlyAfterTheBalancerHasSeenTheNewOne() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().withBalancer(1_000).run(SETTLE);
        pair.master.send(new RoleEvent.SwitchoverRequested("test"));
        pair.run(SimulatedPair.TIMING.heartbeatInterval().toMillis());

        assertThat(pair.slave.active()).isTrue();
        assertThat(pair.master.active()).as("old active holds 200 until the balancer saw the new one").isTrue();

        pair.run(SETTLE);
        assertThat(pair.master.active()).isFalse();
        assertThat(pair.slave.status().activeProbes()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void afterAPartitionHealsUnderPreferMasterTheMasterStaysActive() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.linkUp = false;
        pair.run(SETTLE);
        assertThat(pair.master.active() && pair.slave.active()).as("both active during the partition").isTrue();

        pair.linkUp = true;
        pair.run(SETTLE);
        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isFalse();
    }

    @Test
    void afterAPartitionHealsUnderNoneTheNodeActiveLongerStays() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.NONE).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);
        pair.linkUp = false;
        pair.master.start();
        pair.run(SETTLE);
        assertThat(pair.master.active() && pair.slave.active()).as("both active during the partition").isTrue();

        pair.linkUp = true;
        pair.run(SETTLE);
        assertThat(pair.slave.active()).as("slave was active longer").isTrue();
        assertThat(pair.master.active()).isFalse();
    }

    @Test
    void bothNodesConfiguredAsMasterReportTheErrorAndServeAsAlone() {
        SimulatedPair pair = new SimulatedPair(HaMode.MASTER, HaMode.MASTER, PreferredServer.PREFER_MASTER)
                .startBoth().run(SETTLE);

        for (SimulatedPair.Node node : new SimulatedPair.Node[] {pair.master, pair.slave}) {
            assertThat(node.status().configErrors()).singleElement().asString()
                    .contains("both nodes are configured as master").contains("set ha-mode: slave on one of them");
            assertThat(node.active()).isTrue();
        }
    }

    @Test
    void partnerWithHaOffIsAConfigurationError() {
        SimulatedPair pair = new SimulatedPair(HaMode.MASTER, HaMode.NONE, PreferredServer.PREFER_MASTER)
                .startBoth().run(SETTLE);

        assertThat(pair.master.status().configErrors()).singleElement().asString().contains("has ha-mode none");
        assertThat(pair.slave.active()).as("HA off serves alone").isTrue();
    }

    @Test
    void differingCheckPortsAreReportedAsAWarning() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        RoleMachine m = new RoleMachine(new NodeIdentity("a", HaMode.MASTER, PreferredServer.PREFER_MASTER, "1", 8444),
                SimulatedPair.TIMING, pair.now);
        m.on(new RoleEvent.HeartbeatReceived(new PartnerReport("b", HaMode.SLAVE, PreferredServer.PREFER_MASTER,
                Activity.STANDBY, true, 0, 0, false, false, false, "1", 9444, false, 0), -1), pair.now);

        assertThat(m.status(pair.now).warnings()).singleElement().asString().contains("health-check port differs");
    }

    @Test
    void displayFollowsProbesActivityAndUnconnectedAfter() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        assertThat(pair.master.status().display()).isEqualTo("Master Unconnected");
        assertThat(pair.slave.status().display()).isEqualTo("Slave Unconnected");

        pair.withBalancer(1_000).run(1_000);
        assertThat(pair.master.status().display()).isEqualTo("Master (Active)");
        assertThat(pair.slave.status().display()).isEqualTo("Slave (Standby)");
        assertThat(pair.master.status().lastProbeSource()).isEqualTo("168.63.129.16");

        pair.withBalancer(0).run(SimulatedPair.TIMING.unconnectedAfter().toMillis() + 100);
        assertThat(pair.master.status().display()).isEqualTo("Master Unconnected");
    }

    @Test
    void haOffNodeStaysAt503WhileItDrainsAfterShutdown() {
        RoleMachine m = new RoleMachine(new NodeIdentity("solo", HaMode.NONE, PreferredServer.PREFER_MASTER, "1", 8444),
                SimulatedPair.TIMING, 0);
        m.on(new RoleEvent.Tick(), 0);
        m.on(new RoleEvent.ShutdownRequested(), 10);

        assertThat(m.on(new RoleEvent.Tick(), 60).activity()).isEqualTo(Activity.STANDBY);
        assertThat(m.on(new RoleEvent.Tick(), 110).activity()).isEqualTo(Activity.STANDBY);
    }

    @Test
    void localStallIsNoticedByWhateverEventComesFirstAfterIt() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.now += 2_000;
        pair.slave.send(new RoleEvent.ProbeSeen("168.63.129.16", false));

        assertThat(pair.slave.status().partnerLiveness()).isNotEqualTo(PartnerLiveness.DEAD);
        assertThat(pair.slave.active()).isFalse();
    }

    @Test
    void haOffNodeIsActiveAtOnce() {
        RoleMachine m = new RoleMachine(new NodeIdentity("solo", HaMode.NONE, PreferredServer.PREFER_MASTER, "1", 8444),
                SimulatedPair.TIMING, 0);
        assertThat(m.on(new RoleEvent.Tick(), 0).activity()).isEqualTo(Activity.ACTIVE);
    }

    @Test
    void everyTransitionIsInTheEventLogWithItsReason() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);

        assertThat(pair.slave.status().events()).filteredOn(e -> e.kind().equals("transition"))
                .extracting(EventLog.Entry::message).last().asString()
                .isEqualTo("Slave -> active: partner node-1 is dead: taking over");
    }

    @Test
    void aTransitionsTypedReasonIsInTheEventLogBesideItsMessage() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.master.kill();
        pair.run(SETTLE);

        assertThat(pair.slave.status().events()).filteredOn(e -> e.kind().equals("transition")).last()
                .extracting(EventLog.Entry::reason).isEqualTo(TransitionReason.PARTNER_DEAD);
        assertThat(pair.slave.status().events()).filteredOn(e -> !e.kind().equals("transition"))
                .as("only transitions carry a reason").allMatch(e -> e.reason() == null);
    }

    /**
     * Each scenario ends with a transition of the node it returns; the table gives that transition's
     * direction and typed reason. Between them the rows cover every reason a transition can have.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transitionScenarios")
    void everyTransitionCarriesTheReasonOfTheRuleThatMadeIt(Function<SimulatedPair, SimulatedPair.Node> scenario,
            boolean nowActive, TransitionReason reason) {
        SimulatedPair.Node node = scenario.apply(new SimulatedPair(PreferredServer.PREFER_MASTER));

        assertThat(node.active()).as("direction of the last transition").isEqualTo(nowActive);
        assertThat(node.reasons).as("one reason per transition").hasSameSizeAs(node.transitions).last()
                .isEqualTo(reason);
    }

    static Stream<Arguments> transitionScenarios() {
        return Stream.of(
                row("master of a fresh pair, prefer-master", p -> p.startBoth().run(SETTLE).master,
                        true, TransitionReason.PREFER_MASTER),
                row("master of a fresh pair, no preemption", p -> started(PreferredServer.NONE).master,
                        true, TransitionReason.BOTH_STANDBY),
                row("master started alone", p -> {
                    p.master.start();
                    return p.run(SETTLE).master;
                }, true, TransitionReason.PARTNER_NEVER_HEARD),
                row("slave whose master died", p -> {
                    p.startBoth().run(SETTLE).master.kill();
                    return p.run(SETTLE).slave;
                }, true, TransitionReason.PARTNER_DEAD),
                row("unhealthy master", p -> unhealthyMaster(p).master, false, TransitionReason.UNHEALTHY),
                row("slave of an unhealthy master", p -> unhealthyMaster(p).slave,
                        true, TransitionReason.PARTNER_UNHEALTHY),
                row("master asked to switch over", p -> switchedOverOnMaster(p).master,
                        false, TransitionReason.OPERATOR_SWITCHOVER),
                row("slave the master hands over to", p -> switchedOverOnMaster(p).slave,
                        true, TransitionReason.PARTNER_HANDING_OVER),
                row("standby slave asked to switch over", p -> switchedOverOnSlave(p).slave,
                        true, TransitionReason.OPERATOR_SWITCHOVER),
                row("master the slave takes over from", p -> switchedOverOnSlave(p).master,
                        false, TransitionReason.PARTNER_TAKING_OVER),
                row("active master shutting down", p -> {
                    p.startBoth().run(SETTLE).master.send(new RoleEvent.ShutdownRequested());
                    return p.run(SETTLE).master;
                }, false, TransitionReason.SHUTDOWN),
                row("slave after a partition heals, prefer-master", p -> {
                    p.startBoth().run(SETTLE);
                    p.linkUp = false;
                    p.run(SETTLE);
                    p.linkUp = true;
                    return p.run(SETTLE).slave;
                }, false, TransitionReason.PREFER_MASTER),
                row("master after a partition heals, no preemption", p -> {
                    SimulatedPair pair = started(PreferredServer.NONE);
                    pair.master.kill();
                    pair.run(SETTLE);
                    pair.linkUp = false;
                    pair.master.start();
                    pair.run(SETTLE);
                    pair.linkUp = true;
                    return pair.run(SETTLE).master;
                }, false, TransitionReason.BOTH_ACTIVE),
                row("both nodes configured as master", p -> new SimulatedPair(HaMode.MASTER, HaMode.MASTER,
                        PreferredServer.PREFER_MASTER).startBoth().run(SETTLE).slave, true, TransitionReason.CONFIG_ERROR),
                row("node with HA off", p -> new SimulatedPair(HaMode.NONE, HaMode.NONE, PreferredServer.PREFER_MASTER)
                        .startBoth().run(SETTLE).master, true, TransitionReason.HA_OFF),
                row("master put in maintenance", p -> masterInMaintenance(p).master, false, TransitionReason.MAINTENANCE),
                row("slave of a master in maintenance", p -> masterInMaintenance(p).slave,
                        true, TransitionReason.PARTNER_MAINTENANCE),
                row("master that lost a self-check target", p -> masterLostATarget(p).master,
                        false, TransitionReason.SELF_CHECK_LOST),
                row("slave of a master that lost a self-check target", p -> masterLostATarget(p).slave,
                        true, TransitionReason.PARTNER_SELF_CHECK_LOST));
    }

    private static Arguments row(String name, Function<SimulatedPair, SimulatedPair.Node> scenario, boolean nowActive,
            TransitionReason reason) {
        return Arguments.of(Named.of(name, scenario), nowActive, reason);
    }

    private static SimulatedPair started(PreferredServer preferred) {
        return new SimulatedPair(preferred).startBoth().run(SETTLE);
    }

    private static SimulatedPair unhealthyMaster(SimulatedPair pair) {
        pair.startBoth().run(SETTLE).master.send(new RoleEvent.HealthChanged(false, "disk full"));
        return pair.run(SETTLE);
    }

    private static SimulatedPair masterInMaintenance(SimulatedPair pair) {
        pair.startBoth().run(SETTLE).master.send(new RoleEvent.MaintenanceRequested(true, false, "test"));
        return pair.run(SETTLE);
    }

    private static SimulatedPair masterLostATarget(SimulatedPair pair) {
        pair.startBoth().run(SETTLE).master.send(new RoleEvent.SelfCheckChanged(1, 1, "gateway (no reply)"));
        return pair.run(SETTLE);
    }

    private static SimulatedPair switchedOverOnMaster(SimulatedPair pair) {
        pair.startBoth().run(SETTLE).master.send(new RoleEvent.SwitchoverRequested("test"));
        return pair.run(SETTLE);
    }

    private static SimulatedPair switchedOverOnSlave(SimulatedPair pair) {
        pair.startBoth().run(SETTLE);
        pair.slave.send(new RoleEvent.SwitchoverRequested("test"));
        return pair.run(SETTLE);
    }

    @Test
    void timingsThatDoNotFitTogetherAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RoleTiming(Duration.ofMillis(500),
                        Duration.ofMillis(400), Duration.ofMillis(900), Duration.ofSeconds(15), 2, Duration.ofSeconds(6)))
                .hasMessageContaining("heartbeat-interval < partner-suspect-after < partner-dead-after");
    }
}
