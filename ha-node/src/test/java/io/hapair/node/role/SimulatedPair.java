package io.hapair.node.role;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two state machines joined by an in-memory link and probed by an in-memory balancer, on a simulated
 * clock stepped 10 ms at a time. The link can be cut and nodes killed or restarted, so failure
 * scenarios run without sleeps. It records every moment where neither node answered 200.
 */
final class SimulatedPair {

    static final RoleTiming TIMING = new RoleTiming(Duration.ofMillis(200), Duration.ofMillis(450),
            Duration.ofMillis(900), Duration.ofMillis(3000), 2, Duration.ofMillis(10_000));
    private static final long STEP = 10;
    private static final long TICK_EVERY = 50;

    final Node master;
    final Node slave;
    long now = 1_000_000;
    boolean linkUp = true;
    /** Probe interval of the simulated balancer; 0 means no balancer probes at all. */
    long probeEvery;
    /**
     * How long the peer link takes to come up once both nodes have started (a cold JVM's TLS handshake);
     * meanwhile both nodes are told a handshake is under way. 0: the link is up at once.
     */
    long handshakeMillis;
    long gapMillis;
    long overlapMillis;

    SimulatedPair(PreferredServer preferred) {
        this(HaMode.MASTER, HaMode.SLAVE, preferred);
    }

    SimulatedPair(HaMode first, HaMode second, PreferredServer preferred) {
        master = new Node(new NodeIdentity("node-1", first, preferred, "1.0.0", 8444));
        slave = new Node(new NodeIdentity("node-2", second, preferred, "1.0.0", 8444));
    }

    final class Node {
        final NodeIdentity identity;
        RoleMachine machine;
        boolean alive;
        long nextHeartbeat;
        long nextTick;
        long nextProbe;
        final List<Action> actions = new ArrayList<>();
        final List<String> transitions = new ArrayList<>();
        /** The typed reason of each transition in {@link #transitions}, in the same order. */
        final List<TransitionReason> reasons = new ArrayList<>();
        /** The simulated times at which an event left this node answering 200. */
        final List<Long> activeAfterEventAt = new ArrayList<>();
        /** Heartbeats that arrived while the node was frozen, processed in one burst when it thaws. */
        final List<RoleEvent.HeartbeatReceived> inbox = new ArrayList<>();
        /** When each heartbeat in {@link #inbox} was sent. */
        final List<Long> inboxSentAt = new ArrayList<>();
        /** When the last heartbeat this node processed from its partner was sent: what its own echo. */
        long heardSentAt = -1;
        long startedAt;
        long frozenSince = -1;
        /** 0: no handshake yet; 1: told one is under way; 2: told it is over. */
        int handshake;

        Node(NodeIdentity identity) {
            this.identity = identity;
        }

        void start() {
            machine = new RoleMachine(identity, TIMING, now);
            startedAt = now;
            handshake = 0;
            alive = true;
            actions.clear();
            nextHeartbeat = now;
            nextTick = now;
            nextProbe = now + 3;
        }

        void kill() {
            alive = false;
        }

        /** Stops the node's event loop, as SIGSTOP or a long GC pause: the process lives, nothing runs. */
        void freeze() {
            frozenSince = now;
        }

        void thaw() {
            frozenSince = -1;
        }

        /** What its health check answers: a frozen node's answers 503 once the loop missed stalledAfter. */
        boolean active() {
            boolean gateOpen = frozenSince < 0 || now - frozenSince <= TIMING.stalledAfter().toMillis();
            return alive && gateOpen && machine.activity() == Activity.ACTIVE;
        }

        /** Delivers a heartbeat sent at {@code sentAt} now, or queues it for the thaw when the node is frozen. */
        void receive(RoleEvent.HeartbeatReceived heartbeat, long sentAt) {
            if (frozenSince >= 0) {
                inbox.add(heartbeat);
                inboxSentAt.add(sentAt);
            } else {
                heard(heartbeat, sentAt);
            }
        }

        private void heard(RoleEvent.HeartbeatReceived heartbeat, long sentAt) {
            heardSentAt = sentAt;
            send(heartbeat);
        }

        Decision send(RoleEvent event) {
            Decision d = machine.on(event, now);
            actions.addAll(d.actions());
            d.notes().stream().filter(n -> n.kind().equals("transition")).forEach(n -> {
                transitions.add(n.message());
                reasons.add(n.reason());
            });
            if (d.actions().stream().anyMatch(a -> a instanceof Action.Announce)) {
                nextHeartbeat = now;
            }
            if (d.actions().stream().anyMatch(a -> a instanceof Action.Exit)) {
                alive = false;
            }
            if (active()) {
                activeAfterEventAt.add(now);
            }
            return d;
        }

        boolean exited() {
            return actions.stream().anyMatch(a -> a instanceof Action.Exit);
        }

        Node other() {
            return this == master ? slave : master;
        }

        RoleStatus status() {
            return machine.status(now);
        }
    }

    SimulatedPair startBoth() {
        master.start();
        slave.start();
        return this;
    }

    SimulatedPair withBalancer(long probeEveryMillis) {
        probeEvery = probeEveryMillis;
        return this;
    }

    /** Runs the simulation for {@code millis}, recording gaps (no node answers 200) and overlaps. */
    SimulatedPair run(long millis) {
        long end = now + millis;
        while (now < end) {
            now += STEP;
            boolean linkConnected = linkUp && master.alive && slave.alive
                    && now >= Math.max(master.startedAt, slave.startedAt) + handshakeMillis;
            for (Node n : List.of(master, slave)) {
                if (!n.alive || n.frozenSince >= 0) {
                    continue;
                }
                for (int i = 0; i < n.inbox.size(); i++) {
                    n.heard(n.inbox.get(i), n.inboxSentAt.get(i));
                }
                n.inbox.clear();
                n.inboxSentAt.clear();
                if (handshakeMillis > 0 && n.handshake == 0 && n.other().alive) {
                    n.send(new RoleEvent.PeerHandshake(true));
                    n.handshake = 1;
                }
                if (n.handshake == 1 && linkConnected) {
                    n.send(new RoleEvent.PeerHandshake(false));
                    n.handshake = 2;
                }
                if (now >= n.nextTick) {
                    n.send(new RoleEvent.Tick());
                    n.nextTick = now + TICK_EVERY;
                }
                if (probeEvery > 0 && now >= n.nextProbe) {
                    n.send(new RoleEvent.ProbeSeen("168.63.129.16", n.machine.activity() == Activity.ACTIVE));
                    n.nextProbe = now + probeEvery;
                }
                if (now >= n.nextHeartbeat && n.alive) {
                    Node peer = n.other();
                    if (linkConnected) {
                        peer.receive(new RoleEvent.HeartbeatReceived(n.machine.ownReport(now), n.heardSentAt), now);
                    }
                    n.nextHeartbeat = now + TIMING.heartbeatInterval().toMillis();
                }
            }
            boolean anyHealthyAlive = (master.alive && master.machine.status(now).healthy())
                    || (slave.alive && slave.machine.status(now).healthy());
            boolean bothSettled = (!master.alive || master.status().settled()) && (!slave.alive || slave.status().settled());
            if (!master.active() && !slave.active() && anyHealthyAlive && bothSettled) {
                gapMillis += STEP;
            }
            if (master.active() && slave.active()) {
                overlapMillis += STEP;
            }
        }
        return this;
    }

    /** Runs until {@code node} is active and returns how long that took, or -1 within {@code limit}. */
    long runUntilActive(Node node, long limit) {
        long start = now;
        while (now - start < limit) {
            run(STEP);
            if (node.active()) {
                return now - start;
            }
        }
        return -1;
    }

    void resetCounters() {
        gapMillis = 0;
        overlapMillis = 0;
    }
}
