package io.hapair.node.demo;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How the simulated Azure internal load balancer is wired: its backend pool and probe, its
 * load-balancing rules and its inbound NAT rules. Immutable; validated on construction.
 *
 * @param backends the backend pool, probed in this order
 * @param probeInterval time between two probes of the same backend
 * @param probeTimeout how long a probe may take before it counts as failed; below the interval
 * @param healthyThreshold consecutive HTTP 200s that bring a down backend up
 * @param loadBalancingRules frontends whose new flows go to an up backend
 * @param natRules frontends forwarded to one fixed target whatever the probes say
 * @param probeSource the address probes are sent from, as Azure's come from 168.63.129.16: the nodes'
 *                    probe-sources names it, so that only these probes count as the balancer's
 */
public record IlbSettings(
        List<Backend> backends,
        Duration probeInterval,
        Duration probeTimeout,
        int healthyThreshold,
        List<LoadBalancingRule> loadBalancingRules,
        List<NatRule> natRules,
        String probeSource) {

    /** Demo interval: a failover shows within about two seconds. Azure's default is 5 s (DESIGN.md). */
    public static final Duration DEMO_PROBE_INTERVAL = Duration.ofSeconds(1);

    /** Well below the demo interval so each probe settles before the next; a loopback node answers in ms. */
    public static final Duration DEMO_PROBE_TIMEOUT = Duration.ofMillis(500);

    /** Azure's default probe threshold, and the demo default: two 200s in a row bring a node up. */
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;

    /** The health-check contract answers on "/" (DESIGN.md, "Health-check contract"). */
    public static final String PROBE_PATH = "/";

    /** Inbound NAT frontend ports to node 1 / node 2's API (DESIGN.md, "Ports"). */
    public static final int NAT_PORT_NODE_1 = 8441;
    public static final int NAT_PORT_NODE_2 = 8442;

    /** A host and TCP port. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            requireHost(host, "endpoint");
            requirePort(port, "endpoint " + host);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * A member of the backend pool and its HTTP probe.
     *
     * @param name shown in logs and transitions, e.g. {@code node-1}
     * @param host the backend's address; load-balancing rules forward here too
     */
    public record Backend(String name, String host, int probePort, String probePath) {
        public Backend {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every backend needs a name");
            }
            requireHost(host, "backend " + name);
            requirePort(probePort, "backend " + name + " probe");
            if (probePath == null || !probePath.startsWith("/")) {
                throw new IllegalArgumentException(
                        "backend " + name + " probe path must start with /, got " + probePath);
            }
        }
    }

    /** New flows to {@code frontend} go to an up backend's {@code backendPort}, as an Azure LB rule. */
    public record LoadBalancingRule(String name, Endpoint frontend, int backendPort) {
        public LoadBalancingRule {
            Objects.requireNonNull(frontend, "load-balancing rule frontend");
            requirePort(backendPort, "load-balancing rule " + name + " backend");
        }
    }

    /** Flows to {@code frontend} go to {@code target} regardless of probes, as an Azure inbound NAT rule. */
    public record NatRule(String name, Endpoint frontend, Endpoint target) {
        public NatRule {
            Objects.requireNonNull(frontend, "NAT rule frontend");
            Objects.requireNonNull(target, "NAT rule target");
        }
    }

    public IlbSettings {
        backends = List.copyOf(backends);
        loadBalancingRules = List.copyOf(loadBalancingRules);
        natRules = List.copyOf(natRules);
        requireHost(probeSource, "the probe source");
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("the ILB needs at least one backend");
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probe interval must be positive, got " + probeInterval);
        }
        if (probeTimeout.isNegative() || probeTimeout.isZero() || probeTimeout.compareTo(probeInterval) >= 0) {
            throw new IllegalArgumentException("probe timeout must be positive and below the probe interval "
                    + probeInterval + ", got " + probeTimeout + "; otherwise probes of one backend overlap");
        }
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthy threshold must be at least 1, got " + healthyThreshold);
        }
        requireDistinct(backends.stream().map(Backend::name), "backend name");
        requireDistinct(Stream.concat(
                loadBalancingRules.stream().map(LoadBalancingRule::frontend),
                natRules.stream().map(NatRule::frontend)), "frontend");
    }

    /**
     * The Azure wiring of an HA pair (DESIGN.md, "Ports"), for the demo: backends {@code node-1}
     * and {@code node-2} probed on the health-check port, a load-balancing rule
     * {@code frontendHost:healthCheckPort -> healthCheckPort} that shows which node is active, and
     * NAT rules {@code frontendHost:8441 -> node1Host:apiPort} and {@code :8442 -> node2Host:apiPort};
     * probes come from {@code probeSource}.
     */
    public static IlbSettings forPair(String frontendHost, String probeSource, String node1Host, String node2Host,
                                      int healthCheckPort, int apiPort) {
        return forPair(frontendHost, probeSource, node1Host, node2Host, healthCheckPort, apiPort, List.of());
    }

    /**
     * {@link #forPair(String, String, String, String, int, int)} that also publishes virtual-service ports:
     * a load-balancing rule {@code frontendHost:port -> port} each, sharing the health-check probe, as
     * {@code hanode cloud apply} wires a published port.
     */
    public static IlbSettings forPair(String frontendHost, String probeSource, String node1Host, String node2Host,
                                      int healthCheckPort, int apiPort, List<Integer> servicePorts) {
        List<LoadBalancingRule> rules = new java.util.ArrayList<>();
        rules.add(new LoadBalancingRule("health-check", new Endpoint(frontendHost, healthCheckPort), healthCheckPort));
        servicePorts.forEach(p -> rules.add(new LoadBalancingRule("service-" + p, new Endpoint(frontendHost, p), p)));
        return new IlbSettings(
                List.of(new Backend("node-1", node1Host, healthCheckPort, PROBE_PATH),
                        new Backend("node-2", node2Host, healthCheckPort, PROBE_PATH)),
                DEMO_PROBE_INTERVAL,
                DEMO_PROBE_TIMEOUT,
                DEFAULT_HEALTHY_THRESHOLD,
                rules,
                List.of(new NatRule("node-1-api", new Endpoint(frontendHost, NAT_PORT_NODE_1),
                                new Endpoint(node1Host, apiPort)),
                        new NatRule("node-2-api", new Endpoint(frontendHost, NAT_PORT_NODE_2),
                                new Endpoint(node2Host, apiPort))),
                probeSource);
    }

    private static void requireHost(String host, String what) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(what + " needs a host address");
        }
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 1-65535, got " + port);
        }
    }

    private static <T> void requireDistinct(Stream<T> values, String what) {
        Set<T> seen = new HashSet<>();
        values.forEach(v -> {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(what + " " + v + " is configured twice; each must be unique");
            }
        });
    }
}
