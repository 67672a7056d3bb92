package io.hapair.cloud.run;

import io.hapair.cloud.diagnose.VirtualServicePort;
import io.hapair.cloud.topology.PublishedPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The ports a pair publishes through its balancer, and where each was named: the topology file,
 * {@code --published-port} flags, the virtual services a node serves. The pair publishes their
 * union, each port once, in the order first named. Also what a node told of the ports diagnose checks:
 * its virtual services' and its SNMP agent's. Immutable; pure.
 */
public final class PortSources {

    /** Where the settings' own {@code publishedPorts} come from. */
    public static final String TOPOLOGY = "topology file";

    private static final PortSources NONE = new PortSources(Map.of(), List.of(), OptionalInt.empty());

    private final Map<PublishedPort, List<String>> origins;
    private final List<VirtualServicePort> virtualServices;
    private final OptionalInt snmpAgentPort;

    private PortSources(Map<PublishedPort, List<String>> origins, List<VirtualServicePort> virtualServices,
                        OptionalInt snmpAgentPort) {
        Map<PublishedPort, List<String>> copy = new LinkedHashMap<>();
        origins.forEach((port, from) -> copy.put(port, List.copyOf(from)));
        this.origins = copy;
        this.virtualServices = List.copyOf(virtualServices);
        this.snmpAgentPort = snmpAgentPort;
    }

    public static PortSources none() {
        return NONE;
    }

    /** These ports and {@code ports}, which {@code origin} named, e.g. "--published-port". */
    public PortSources with(String origin, List<PublishedPort> ports) {
        Map<PublishedPort, List<String>> merged = mutableOrigins();
        ports.forEach(port -> add(merged, port, origin));
        return new PortSources(merged, virtualServices, snmpAgentPort);
    }

    /** These ports and those of a node's enabled virtual services, each named by its service. */
    public PortSources withVirtualServices(List<VirtualServicePort> services) {
        Map<PublishedPort, List<String>> merged = mutableOrigins();
        services.forEach(service -> add(merged, service.port(), "virtual service " + service.name()));
        List<VirtualServicePort> all = new ArrayList<>(virtualServices);
        all.addAll(services);
        return new PortSources(merged, all, snmpAgentPort);
    }

    /**
     * These ports, and the UDP port a node's SNMP agent answers on (empty when its snmp setting asks for no agent),
     * which diagnose checks the topology lets the managers reach. It publishes nothing through the balancer.
     */
    public PortSources withSnmpAgent(OptionalInt port) {
        return new PortSources(origins, virtualServices, port);
    }

    /** These ports first, then {@code later}'s. */
    public PortSources and(PortSources later) {
        Map<PublishedPort, List<String>> merged = mutableOrigins();
        later.origins.forEach((port, from) -> from.forEach(origin -> add(merged, port, origin)));
        List<VirtualServicePort> all = new ArrayList<>(virtualServices);
        all.addAll(later.virtualServices);
        return new PortSources(merged, all, later.snmpAgentPort.isPresent() ? later.snmpAgentPort : snmpAgentPort);
    }

    /** The union: each port once. */
    public List<PublishedPort> ports() {
        return List.copyOf(origins.keySet());
    }

    /** The virtual services named so far, for diagnose to check each one's port. */
    public List<VirtualServicePort> virtualServices() {
        return virtualServices;
    }

    /** The node's SNMP agent's port, when a node told it and its agent is on. */
    public OptionalInt snmpAgentPort() {
        return snmpAgentPort;
    }

    /** E.g. "published ports: 443/tcp (topology file, virtual service web), 8080/tcp (--published-port)". */
    public Optional<String> summary() {
        if (origins.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(origins.entrySet().stream()
            .map(entry -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")")
            .collect(Collectors.joining(", ", "published ports: ", "")));
    }

    private Map<PublishedPort, List<String>> mutableOrigins() {
        Map<PublishedPort, List<String>> copy = new LinkedHashMap<>();
        origins.forEach((port, from) -> copy.put(port, new ArrayList<>(from)));
        return copy;
    }

    private static void add(Map<PublishedPort, List<String>> origins, PublishedPort port, String origin) {
        List<String> from = origins.computeIfAbsent(port, any -> new ArrayList<>());
        if (!from.contains(origin)) {
            from.add(origin);
        }
    }
}
