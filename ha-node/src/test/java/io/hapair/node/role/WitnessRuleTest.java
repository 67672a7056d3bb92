package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The witness rule on a simulated pair: an in-memory lease store stands in for etcd or the blob
 * service, asked by each node as its witness client asks the real one (acquire while wanted, renew,
 * release when not wanted), with explicit time.
 */
class WitnessRuleTest {

    private static final long SETTLE = 3_000;
    private static final long TTL = 3_000;
    private static final long ASK_EVERY = 1_000;

    /** One lease, as a store keeps it: holder, expiry by the store's clock, a token that grows on each grant. */
    private static final class Lease {
        SimulatedPair.Node holder;
        long expiresAt;
        long token;
        long revision;
    }

    private static final class WitnessedPair {
        final SimulatedPair pair;
        final Lease lease = new Lease();
        final Set<SimulatedPair.Node> cutOff = new HashSet<>();
        final Map<SimulatedPair.Node, Long> nextAsk = new HashMap<>();

        WitnessedPair(PreferredServer preferred) {
            pair = new SimulatedPair(preferred);
        }

        WitnessedPair startBoth() {
            start(pair.master);
            start(pair.slave);
            return this;
        }

        void start(SimulatedPair.Node node) {
            node.start();
            node.send(new RoleEvent.WitnessChanged(new WitnessState(false, 0, 0, "not asked yet")));
            nextAsk.put(node, pair.now);
        }

        WitnessedPair run(long millis) {
            long end = pair.now + millis;
            while (pair.now < end) {
                pair.run(10);
                for (SimulatedPair.Node n : new SimulatedPair.Node[] {pair.master, pair.slave}) {
                    if (n.alive && pair.now >= nextAsk.get(n)) {
                        ask(n);
                        nextAsk.put(n, pair.now + ASK_EVERY);
                    }
                }
            }
            return this;
        }

        /** What the witness client does each round: keep the lease while wanted, let it go when not. */
        private void ask(SimulatedPair.Node n) {
            if (cutOff.contains(n)) {
                n.send(new RoleEvent.WitnessChanged(new WitnessState(false, 0, 0, "connection refused")));
                return;
            }
            long now = pair.now;
            boolean free = lease.holder == null || lease.expiresAt <= now;
            if (n.machine.wantsWitnessLease()) {
                if (free || lease.holder == n) {
                    if (free || lease.holder != n) {
                        lease.token = ++lease.revision;
                    }
                    lease.holder = n;
                    lease.expiresAt = now + TTL;
                    n.send(new RoleEvent.WitnessChanged(new WitnessState(true, now + TTL, lease.token, "ours")));
                } else {
                    n.send(new RoleEvent.WitnessChanged(new WitnessState(true, 0, 0, "held by "
                            + lease.holder.identity.nodeName())));
                }
            } else {
                if (lease.holder == n) {
                    lease.holder = null;
                }
                n.send(new RoleEvent.WitnessChanged(new WitnessState(true, 0, 0, "released")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PreferredServer.class)
    void peerLinkCutWithBothAliveLeavesExactlyTheLeaseHolderActive(PreferredServer preferred) {
        WitnessedPair w = new WitnessedPair(preferred).startBoth().run(SETTLE);
        assertThat(w.pair.master.active()).isTrue();
        assertThat(w.lease.holder).as("the active node holds the lease all along").isSameAs(w.pair.master);

        w.pair.linkUp = false;
        w.pair.resetCounters();
        w.run(10_000);

        assertThat(w.pair.master.active()).isTrue();
        assertThat(w.pair.slave.active()).isFalse();
        assertThat(w.pair.overlapMillis).isZero();
        assertThat(w.pair.slave.reasons).doesNotContain(TransitionReason.PARTNER_DEAD);
        assertThat(w.pair.slave.status().events()).anyMatch(e -> e.message().contains("held by node-1"));
    }

    @Test
    void aNodeInMaintenanceCutOffFromItsPartnerLeavesTheLeaseToThePartnerThatServes() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        w.pair.master.send(new RoleEvent.MaintenanceRequested(true, false, "test"));
        w.run(SETTLE);
        assertThat(w.pair.slave.active()).isTrue();

        w.pair.linkUp = false;
        w.run(10_000);

        assertThat(w.pair.master.machine.wantsWitnessLease()).isFalse();
        assertThat(w.lease.holder).isSameAs(w.pair.slave);
        assertThat(w.pair.slave.active()).isTrue();
        assertThat(w.pair.master.active()).isFalse();
    }

    @Test
    void standbyTakesOverFromADeadPartnerOnceItsLeaseHasRunOut() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        long tokenOfMaster = w.lease.token;
        w.pair.master.kill();

        w.run(2_000);
        assertThat(w.pair.slave.active()).as("partner dead, but its lease has not run out yet").isFalse();
        w.run(3_000);

        assertThat(w.pair.slave.active()).isTrue();
        assertThat(w.lease.holder).isSameAs(w.pair.slave);
        assertThat(w.lease.token).as("fencing token grows with each new holder").isGreaterThan(tokenOfMaster);
        assertThat(w.pair.slave.reasons).containsExactly(TransitionReason.PARTNER_DEAD);
    }

    @Test
    void witnessUnreachableKeepsTheActiveNodeActiveWhileItsPartnerIsHeard() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        w.cutOff.add(w.pair.master);
        w.cutOff.add(w.pair.slave);
        w.run(10_000);

        assertThat(w.pair.master.active()).isTrue();
        assertThat(w.pair.slave.active()).isFalse();
        assertThat(w.pair.master.transitions).hasSize(1);
        assertThat(w.pair.master.status().events()).anyMatch(e -> e.message().contains("witness lease no longer held"));
    }

    @Test
    void standbyCutOffFromTheWitnessDoesNotTakeOverFromADeadPartner() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        w.cutOff.add(w.pair.slave);
        w.pair.master.kill();
        w.run(10_000);

        assertThat(w.pair.slave.active()).isFalse();
        assertThat(w.pair.slave.status().events())
                .anyMatch(e -> e.message().contains("witness unreachable: connection refused"))
                .anyMatch(e -> e.message().startsWith("partner is silent but this node does not hold the witness"
                        + " lease: not taking over; the witness cannot be reached (connection refused)"));
        w.cutOff.clear();
        w.run(2_000);
        assertThat(w.pair.slave.active()).as("the dead master's lease ran out long ago").isTrue();
    }

    @Test
    void activeNodeCutOffFromTheWitnessThenFromItsPartnerHandsOverWithoutOverlap() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        w.cutOff.add(w.pair.master);
        w.run(SETTLE);
        assertThat(w.pair.master.active()).as("partner heard: the witness does not matter").isTrue();

        w.pair.linkUp = false;
        w.pair.resetCounters();
        w.run(10_000);

        assertThat(w.pair.master.active()).isFalse();
        assertThat(w.pair.slave.active()).isTrue();
        assertThat(w.lease.holder).isSameAs(w.pair.slave);
        assertThat(w.pair.overlapMillis).as("never both active").isZero();
        assertThat(w.pair.master.reasons).last().isEqualTo(TransitionReason.WITNESS_LOST);
    }

    @Test
    void bothCutOffFromWitnessAndLinkLeavesBothStandby() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        w.cutOff.add(w.pair.master);
        w.cutOff.add(w.pair.slave);
        w.pair.linkUp = false;
        w.run(10_000);

        assertThat(w.pair.master.active()).as("safety over availability").isFalse();
        assertThat(w.pair.slave.active()).isFalse();
        assertThat(w.pair.master.reasons).last().isEqualTo(TransitionReason.WITNESS_LOST);
    }

    @Test
    void activeNodeStepsDownWhenItsLeaseRunsOutEvenWithoutAnyWitnessAnswer() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER);
        pair.master.start();
        pair.master.send(new RoleEvent.WitnessChanged(new WitnessState(true, pair.now + 60_000, 7, "ours")));
        pair.run(SETTLE);
        assertThat(pair.master.active()).as("partner never heard, lease held").isTrue();

        // A hung request: no answer, no event; the deadline alone ends the lease.
        pair.master.send(new RoleEvent.WitnessChanged(new WitnessState(true, pair.now + 500, 7, "ours")));
        pair.run(400);
        assertThat(pair.master.active()).isTrue();
        pair.run(200);

        assertThat(pair.master.active()).isFalse();
        assertThat(pair.master.reasons).last().isEqualTo(TransitionReason.WITNESS_LOST);
    }

    @Test
    void nodeStartingAloneServesOnlyOnceItHoldsTheLease() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER);
        w.start(w.pair.slave);
        w.lease.holder = w.pair.master;
        // Past the slave's start-up wait (slave-start-wait, 10 s) while the master's lease still runs.
        w.lease.expiresAt = w.pair.now + 12_000;
        w.run(11_000);
        assertThat(w.pair.slave.active()).as("a lease of the (silent) master is still running").isFalse();

        w.run(2_000);
        assertThat(w.pair.slave.active()).isTrue();
        assertThat(w.pair.slave.reasons).containsExactly(TransitionReason.PARTNER_NEVER_HEARD);
    }

    @Test
    void standbyWhosePartnerIsHeardNeitherWantsNorHoldsTheLease() {
        WitnessedPair w = new WitnessedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);

        assertThat(w.pair.slave.machine.wantsWitnessLease()).isFalse();
        assertThat(w.pair.master.machine.wantsWitnessLease()).isTrue();
    }

    @Test
    void withoutAWitnessACutLinkMakesBothActiveAsBefore() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(SETTLE);
        pair.linkUp = false;
        pair.run(SETTLE);

        assertThat(pair.master.active()).isTrue();
        assertThat(pair.slave.active()).isTrue();
    }
}
