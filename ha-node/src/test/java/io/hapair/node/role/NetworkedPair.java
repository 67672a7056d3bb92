package io.hapair.node.role;

import io.hapair.node.peer.Heartbeat;
import io.hapair.node.peer.MemoryNetwork;
import io.hapair.node.peer.PeerTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two state machines wired to their peer transports as a node wires them, over a {@link MemoryNetwork}
 * on its simulated clock: heartbeats as datagrams that the network may lose, duplicate or reorder,
 * link losses, and process deaths the partner hears of. Records every moment where neither node
 * answered 200 (gap) or both did (overlap). With the default timings of the configuration.
 */
final class NetworkedPair {

    static final RoleTiming DEFAULTS = new RoleTiming(Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofMillis(800), Duration.ofSeconds(15), 2, Duration.ofSeconds(10));
    private static final long STEP = 2;

    final MemoryNetwork network;
    final Node master;
    final Node slave;
    long probeEvery;
    long gapMillis;
    long overlapMillis;

    NetworkedPair(long seed, PreferredServer preferred) {
        network = new MemoryNetwork(seed, 1_000_000);
        master = new Node(new NodeIdentity("node-1", HaMode.MASTER, preferred, "1.0.0", 8444));
        slave = new Node(new NodeIdentity("node-2", HaMode.SLAVE, preferred, "1.0.0", 8444));
    }

    final class Node implements PeerTransport.Listener {
        final NodeIdentity identity;
        final MemoryNetwork.Transport transport;
        final List<String> transitions = new ArrayList<>();
        final List<TransitionReason> reasons = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        RoleMachine machine;
        boolean alive;
        private long incarnation;
        private long lastSentAt;
        private long heardSentAt = -1;
        private long nextTick;
        private long nextHeartbeat;
        private long nextProbe;

        Node(NodeIdentity identity) {
            this.identity = identity;
            this.transport = network.join(Runnable::run);
            transport.listener(this);
        }

        void start() {
            long now = network.now();
            machine = new RoleMachine(identity, DEFAULTS, now);
            alive = true;
            incarnation = now;
            lastSentAt = 0;
            heardSentAt = -1;
            nextTick = now;
            nextHeartbeat = now;
            nextProbe = now + 3;
            transport.start();
            handle(new RoleEvent.ServersListening());
        }

        /** kill -9 with the host up (the partner's reconnect is refused), or a frozen or lost host. */
        void kill(boolean hostUp) {
            alive = false;
            network.kill(transport, hostUp);
        }

        boolean active() {
            return alive && machine.activity() == Activity.ACTIVE;
        }

        RoleStatus status() {
            return machine.status(network.now());
        }

        void handle(RoleEvent event) {
            if (!alive) {
                return;
            }
            Decision d = machine.on(event, network.now());
            d.notes().forEach(n -> {
                notes.add(n.message());
                if (n.kind().equals("transition")) {
                    transitions.add(n.message());
                    reasons.add(n.reason());
                }
            });
            if (d.actions().stream().anyMatch(a -> a instanceof Action.Announce)) {
                nextHeartbeat = network.now();
            }
        }

        private void sendHeartbeat() {
            lastSentAt = Math.max(network.now(), lastSentAt + 1);
            transport.sendHeartbeat(new Heartbeat(machine.ownReport(network.now()), incarnation, lastSentAt, heardSentAt, 0));
        }

        @Override
        public void heartbeat(Heartbeat heartbeat) {
            heardSentAt = heartbeat.sentAt();
            handle(new RoleEvent.HeartbeatReceived(heartbeat.report(), heartbeat.echoSentAt()));
        }

        @Override
        public void message(String type, String body) {
        }

        @Override
        public void handshakePending(boolean pending) {
            handle(new RoleEvent.PeerHandshake(pending));
        }

        @Override
        public void connected() {
            nextHeartbeat = network.now();
        }

        @Override
        public void linkLost(String cause) {
            handle(new RoleEvent.PartnerLinkLost(cause));
        }

        @Override
        public void partnerGone(String cause) {
            handle(new RoleEvent.PartnerProcessGone(cause));
        }
    }

    NetworkedPair startBoth() {
        master.start();
        slave.start();
        return this;
    }

    NetworkedPair withBalancer(long probeEveryMillis) {
        probeEvery = probeEveryMillis;
        return this;
    }

    /** Runs for {@code millis} of simulated time. */
    NetworkedPair run(long millis) {
        long end = network.now() + millis;
        while (network.now() < end) {
            network.runUntil(network.now() + STEP);
            long now = network.now();
            for (Node n : List.of(master, slave)) {
                if (!n.alive) {
                    continue;
                }
                if (now >= n.nextTick) {
                    n.handle(new RoleEvent.Tick());
                    n.nextTick = now + DEFAULTS.heartbeatInterval().toMillis() / 4;
                }
                if (probeEvery > 0 && now >= n.nextProbe) {
                    n.handle(new RoleEvent.ProbeSeen("168.63.129.16", n.machine.activity() == Activity.ACTIVE));
                    n.nextProbe = now + probeEvery;
                }
                if (now >= n.nextHeartbeat) {
                    n.sendHeartbeat();
                    n.nextHeartbeat = now + DEFAULTS.heartbeatInterval().toMillis();
                }
            }
            if (!master.active() && !slave.active() && (master.alive || slave.alive)) {
                gapMillis += STEP;
            }
            if (master.active() && slave.active()) {
                overlapMillis += STEP;
            }
        }
        return this;
    }

    /** Runs until {@code node} is active; returns how long that took, or -1 within {@code limit}. */
    long runUntilActive(Node node, long limit) {
        long start = network.now();
        while (network.now() - start < limit) {
            run(STEP);
            if (node.active()) {
                return network.now() - start;
            }
        }
        return -1;
    }

    void resetCounters() {
        gapMillis = 0;
        overlapMillis = 0;
    }
}
