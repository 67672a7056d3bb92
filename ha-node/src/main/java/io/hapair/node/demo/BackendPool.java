package io.hapair.node.demo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The probe bookkeeping of the simulated Azure ILB: which backends are up, decided from probe
 * results as Azure decides, and which up backend a new flow goes to.
 *
 * <p>Semantics: every backend starts down. One unhealthy probe result (anything but HTTP 200)
 * takes a backend down at once and resets its count; {@code healthyThreshold} consecutive 200s
 * bring it up. New flows hash over the backends that are up; with none up there is no backend.
 *
 * <p>No I/O and no clock: callers pass the time of each result, so the rules are table-tested
 * without timers. Synchronized because probes and new connections arrive on different threads.
 */
public final class BackendPool {

    /** Enough history to show the recent flaps of a demo pair without growing without bound. */
    static final int TRANSITION_HISTORY = 100;

    private final int healthyThreshold;
    private final Map<String, Health> backends = new LinkedHashMap<>();
    private final Deque<BackendTransition> transitions = new ArrayDeque<>();

    /**
     * @param backendNames the pool in configured order; the order breaks no ties but keeps
     *     {@link #upBackends()} and the hash choice stable
     * @param healthyThreshold consecutive 200s that bring a down backend up
     */
    public BackendPool(List<String> backendNames, int healthyThreshold) {
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthy threshold must be at least 1, got " + healthyThreshold);
        }
        if (backendNames.isEmpty()) {
            throw new IllegalArgumentException("a backend pool needs at least one backend");
        }
        for (String name : backendNames) {
            if (backends.put(name, new Health()) != null) {
                throw new IllegalArgumentException("backend name " + name + " appears twice; names must be unique");
            }
        }
        this.healthyThreshold = healthyThreshold;
    }

    /**
     * Applies one probe result.
     *
     * @return the transition this result caused, if the backend changed state
     */
    public synchronized Optional<BackendTransition> record(String backend, ProbeResult result, Instant at) {
        Health health = backends.get(backend);
        if (health == null) {
            throw new IllegalArgumentException("unknown backend " + backend + "; the pool has " + backends.keySet());
        }
        if (!result.healthy()) {
            health.consecutiveOks = 0;
            if (!health.up) {
                return Optional.empty();
            }
            health.up = false;
            return Optional.of(remember(new BackendTransition(backend, false, at, result.describe())));
        }
        health.consecutiveOks++;
        if (health.up || health.consecutiveOks < healthyThreshold) {
            return Optional.empty();
        }
        health.up = true;
        return Optional.of(remember(
                new BackendTransition(backend, true, at, health.consecutiveOks + " consecutive 200s")));
    }

    /** The backends that new flows may go to, in configured order. */
    public synchronized List<String> upBackends() {
        return backends.entrySet().stream().filter(e -> e.getValue().up).map(Map.Entry::getKey).toList();
    }

    public synchronized boolean isUp(String backend) {
        Health health = backends.get(backend);
        return health != null && health.up;
    }

    /** The backend for a new flow, or empty when no backend is up (Azure then drops the flow). */
    public synchronized Optional<String> choose(Flow flow) {
        List<String> up = upBackends();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(up.get((int) Math.floorMod(flow.hash(), (long) up.size())));
    }

    /** The most recent transitions, oldest first, at most {@value #TRANSITION_HISTORY}. */
    public synchronized List<BackendTransition> transitions() {
        return List.copyOf(transitions);
    }

    private BackendTransition remember(BackendTransition transition) {
        if (transitions.size() == TRANSITION_HISTORY) {
            transitions.removeFirst();
        }
        transitions.addLast(transition);
        return transition;
    }

    /** Mutable per-backend state, only touched under the pool's lock. */
    private static final class Health {
        boolean up;
        int consecutiveOks;
    }
}
