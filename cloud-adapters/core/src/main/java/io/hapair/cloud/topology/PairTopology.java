package io.hapair.cloud.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The desired cloud side of one pair: the single source of truth that the adapters plan from and
 * that the ARM template and Terraform modules are checked against. Every part it produces carries
 * {@link #namePrefix()}, which is how an adapter knows what it owns; it touches nothing else. The
 * parts take the {@link CloudShape} of the provider: one shared pool and probe on Azure, a pool and
 * probe per rule (a target group each) on AWS.
 *
 * <p>Build one with {@link #builder()}; every default is set and explained there.
 */
public final class PairTopology {

    /** The management ports every node has; NAT rules and security rules are derived from them. */
    public record ManagementPorts(int api, int ssh, int node1Api, int node2Api, int node1Ssh, int node2Ssh) {
    }

    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    // Target-group clouds set these per group (SHARED_POOL clouds fix them): two passed probes, as
    // two failed ones, so a node taking over is marked healthy as fast as the one giving up is
    // marked unhealthy; and only 200 means "active" (the standby answers 503, and a redirect or any
    // other code must never count as healthy).
    private static final int HEALTHY_THRESHOLD = 2;
    private static final String SUCCESS_CODES = "200";
    // A node leaves a pool only when the pair's wiring changes (apply deregisters it); failover
    // itself goes by the health check. Five seconds let in-flight requests finish; then the
    // balancer closes the rest, so clients reconnect to the active node at once instead of hanging
    // on to a node that no longer gets traffic (AWS's default would keep them for 300 s).
    private static final Drain DRAIN = new Drain(5, true);

    private final String namePrefix;
    private final CloudShape shape;
    private final PairNode node1;
    private final PairNode node2;
    private final int healthCheckPort;
    private final int peerPort;
    private final ManagementPorts management;
    private final int probeIntervalSeconds;
    private final int probeUnhealthyThreshold;
    private final int idleTimeoutMinutes;
    private final List<PublishedPort> publishedPorts;
    private final List<String> clientSources;
    private final List<String> probeSources;
    private final List<String> monitoringSources;
    private final int snmpPort;
    private final int firstSecurityPriority;

    private PairTopology(Builder b) {
        this.namePrefix = b.namePrefix;
        this.shape = b.shape;
        this.node1 = new PairNode("node1", b.node1Address);
        this.node2 = new PairNode("node2", b.node2Address);
        this.healthCheckPort = b.healthCheckPort;
        this.peerPort = b.peerPort;
        this.management = new ManagementPorts(b.apiPort, b.sshPort, b.node1ApiNatPort, b.node2ApiNatPort,
            b.node1SshNatPort, b.node2SshNatPort);
        this.probeIntervalSeconds = b.probeIntervalSeconds;
        this.probeUnhealthyThreshold = b.probeUnhealthyThreshold;
        this.idleTimeoutMinutes = b.idleTimeoutMinutes;
        this.publishedPorts = List.copyOf(b.publishedPorts);
        this.clientSources = List.copyOf(b.clientSources);
        this.probeSources = List.copyOf(b.probeSources);
        this.monitoringSources = List.copyOf(b.monitoringSources);
        this.snmpPort = b.snmpPort;
        this.firstSecurityPriority = b.firstSecurityPriority;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String namePrefix() {
        return namePrefix;
    }

    public CloudShape shape() {
        return shape;
    }

    /** True for a part name this pair created and may therefore change or remove. */
    public boolean owns(String partName) {
        return partName != null && partName.startsWith(namePrefix);
    }

    public PairNode node1() {
        return node1;
    }

    public PairNode node2() {
        return node2;
    }

    public List<PairNode> nodes() {
        return List.of(node1, node2);
    }

    /** The port the balancer probes and both nodes answer on ("HA Check Port"). */
    public int healthCheckPort() {
        return healthCheckPort;
    }

    public int peerPort() {
        return peerPort;
    }

    public ManagementPorts managementPorts() {
        return management;
    }

    public List<PublishedPort> publishedPorts() {
        return publishedPorts;
    }

    /** Who may reach the UI, SSH and the published ports: prefixes, tags or group IDs. */
    public List<String> clientSources() {
        return clientSources;
    }

    /** Where the balancer's probes come from: prefixes, tags or group IDs. */
    public List<String> probeSources() {
        return probeSources;
    }

    /**
     * Where the SNMP managers that poll each node's agent are: prefixes, tags or group IDs; empty (the default) for
     * no SNMP rule. They reach each node at its own address, not through the balancer.
     */
    public List<String> monitoringSources() {
        return monitoringSources;
    }

    /** The UDP port each node's SNMP agent answers on (the synced {@code snmp} setting's {@code port}). */
    public int snmpPort() {
        return snmpPort;
    }

    /** Every desired part, pools first, in plan order. */
    public List<CloudPart> parts() {
        List<CloudPart> parts = new ArrayList<>();
        parts.addAll(backendPools());
        parts.addAll(probes());
        parts.addAll(balancingRules());
        parts.addAll(natRules());
        parts.addAll(securityRules());
        return parts;
    }

    /** The pool of the health-check rule: the only pool on a shared-pool cloud. */
    public BackendPool backendPool() {
        return backendPools().get(0);
    }

    /** The probe of the health-check rule: the only probe on a shared-pool cloud. */
    public HealthProbe probe() {
        return probes().get(0);
    }

    /** One shared pool with both nodes, or one per balancing rule (a target group each). */
    public List<BackendPool> backendPools() {
        List<String> members = List.of(node1.name(), node2.name());
        if (shape == CloudShape.SHARED_POOL) {
            return List.of(new BackendPool(namePrefix + "pool", members));
        }
        return ruleNames().stream().map(name -> new BackendPool(name, members, Optional.of(DRAIN))).toList();
    }

    /** One shared HTTP probe on the check port, or one per balancing rule, all alike. */
    public List<HealthProbe> probes() {
        if (shape == CloudShape.SHARED_POOL) {
            return List.of(new HealthProbe(namePrefix + "health-probe", ProbeProtocol.HTTP, healthCheckPort, "/",
                probeIntervalSeconds, probeUnhealthyThreshold));
        }
        return ruleNames().stream().map(name -> new HealthProbe(name, ProbeProtocol.HTTP, healthCheckPort, "/",
            probeIntervalSeconds, probeUnhealthyThreshold, HEALTHY_THRESHOLD, SUCCESS_CODES)).toList();
    }

    /** The health-check rule first (it shows which node is active), then one per published port. */
    public List<BalancingRule> balancingRules() {
        return forwardedPorts().stream().map(this::balancingRule).toList();
    }

    /**
     * What the balancer forwards: the check port over TCP, then each published port. An NLB listens
     * on a port once, so in the target-group shape a port published over both TCP and UDP (DNS) is
     * one rule for both ({@link Protocol#ANY}, ELB's TCP_UDP); Azure takes a rule per protocol.
     */
    private List<Forwarded> forwardedPorts() {
        List<Forwarded> ports = new ArrayList<>();
        ports.add(new Forwarded(healthCheckPort, Protocol.TCP));
        for (PublishedPort port : publishedPorts) {
            boolean both = publishedPorts.stream().anyMatch(other -> other.port() == port.port()
                && other.protocol() != port.protocol());
            if (!both || shape == CloudShape.SHARED_POOL) {
                ports.add(new Forwarded(port.port(), port.protocol()));
            } else if (port.protocol() == Protocol.TCP) {
                ports.add(new Forwarded(port.port(), Protocol.ANY));
            }
        }
        return ports;
    }

    private record Forwarded(int port, Protocol protocol) {
    }

    private List<String> ruleNames() {
        return forwardedPorts().stream().map(this::ruleName).toList();
    }

    private String ruleName(Forwarded port) {
        return namePrefix + "rule-" + port.protocol().name().toLowerCase(Locale.ROOT) + "-" + port.port();
    }

    private BalancingRule balancingRule(Forwarded port) {
        String name = ruleName(port);
        boolean shared = shape == CloudShape.SHARED_POOL;
        // A target-group balancer keeps its own idle timeouts (NLB: 350 s TCP, 120 s UDP): 0 leaves them.
        return new BalancingRule(name, port.protocol(), port.port(), port.port(),
            shared ? namePrefix + "health-probe" : name, shared ? namePrefix + "pool" : name,
            shared ? idleTimeoutMinutes : 0, false, SessionPersistence.NONE);
    }

    /**
     * One rule per node and management port. In the target-group shape each is a group of its own
     * holding its node only, checked by TCP on that port with the pair probe's timing (with a single
     * target the pair's HTTP check would say nothing: an NLB still sends to its only target when
     * unhealthy) and drained like the traffic groups.
     */
    public List<NatRule> natRules() {
        return List.of(
            natRule("nat-node1-api", management.node1Api(), management.api(), node1),
            natRule("nat-node2-api", management.node2Api(), management.api(), node2),
            natRule("nat-node1-ssh", management.node1Ssh(), management.ssh(), node1),
            natRule("nat-node2-ssh", management.node2Ssh(), management.ssh(), node2));
    }

    private NatRule natRule(String suffix, int frontendPort, int backendPort, PairNode node) {
        String name = namePrefix + suffix;
        if (shape == CloudShape.SHARED_POOL) {
            return new NatRule(name, Protocol.TCP, frontendPort, backendPort, node.name());
        }
        return new NatRule(name, Protocol.TCP, frontendPort, backendPort, node.name(),
            Optional.of(new HealthProbe(name, ProbeProtocol.TCP, backendPort, "", probeIntervalSeconds,
                probeUnhealthyThreshold, HEALTHY_THRESHOLD, "")), Optional.of(DRAIN));
    }

    /** The rules that let the probes, the peer link, management and published traffic in; see {@link PairSecurityRules}. */
    public List<SecurityRule> securityRules() {
        return PairSecurityRules.of(this, firstSecurityPriority);
    }

    /** Collects the pair's settings; {@link #build()} checks them and names the field at fault. */
    public static final class Builder {
        // Every part name starts with this; it marks what the adapters own.
        private String namePrefix = "hapair-";
        // Azure's shape; each provider sets its own (CloudProvider.shape()).
        private CloudShape shape = CloudShape.SHARED_POOL;
        private String node1Address;
        private String node2Address;
        // DESIGN.md "HA Check Port": the balancer probes it, must be equal on both nodes.
        private int healthCheckPort = 8444;
        // Heartbeat and settings sync between the two nodes.
        private int peerPort = 6973;
        // WUI and REST API on each node.
        private int apiPort = 8443;
        private int sshPort = 22;
        // Frontend ports of the NAT rules that reach one node's UI or SSH through the balancer.
        private int node1ApiNatPort = 8441;
        private int node2ApiNatPort = 8442;
        private int node1SshNatPort = 221;
        private int node2SshNatPort = 222;
        // 5 s x 2 failures: a dead active node loses traffic within about 10 s.
        private int probeIntervalSeconds = 5;
        private int probeUnhealthyThreshold = 2;
        // Azure's own default and maximum-compatible value for long-lived admin sessions.
        private int idleTimeoutMinutes = 4;
        private List<PublishedPort> publishedPorts = List.of();
        // An internal balancer's clients sit in the virtual network, peered networks or on premises,
        // which Azure's VirtualNetwork tag covers; narrow it to admin subnets in the topology file.
        private List<String> clientSources = List.of("VirtualNetwork");
        // Azure's tag for the probe address 168.63.129.16; an AWS topology sets the NLB's subnets.
        private List<String> probeSources = List.of("AzureLoadBalancer");
        // None: the nodes' SNMP agents are off unless an operator stores the snmp setting, and a cloud firewall
        // that denies what it does not allow (an AWS security group) then needs the managers' sources.
        private List<String> monitoringSources = List.of();
        // The agent's default port (the snmp setting's port).
        private int snmpPort = 161;
        // Leaves priorities 100-999 for the operator's own rules, which must win over ours.
        private int firstSecurityPriority = 1000;

        private Builder() {
        }

        public Builder namePrefix(String value) {
            this.namePrefix = value;
            return this;
        }

        public Builder shape(CloudShape value) {
            this.shape = value;
            return this;
        }

        public Builder node1Address(String value) {
            this.node1Address = value;
            return this;
        }

        public Builder node2Address(String value) {
            this.node2Address = value;
            return this;
        }

        public Builder healthCheckPort(int value) {
            this.healthCheckPort = value;
            return this;
        }

        public Builder peerPort(int value) {
            this.peerPort = value;
            return this;
        }

        public Builder apiPort(int value) {
            this.apiPort = value;
            return this;
        }

        public Builder sshPort(int value) {
            this.sshPort = value;
            return this;
        }

        public Builder node1ApiNatPort(int value) {
            this.node1ApiNatPort = value;
            return this;
        }

        public Builder node2ApiNatPort(int value) {
            this.node2ApiNatPort = value;
            return this;
        }

        public Builder node1SshNatPort(int value) {
            this.node1SshNatPort = value;
            return this;
        }

        public Builder node2SshNatPort(int value) {
            this.node2SshNatPort = value;
            return this;
        }

        public Builder probeIntervalSeconds(int value) {
            this.probeIntervalSeconds = value;
            return this;
        }

        public Builder probeUnhealthyThreshold(int value) {
            this.probeUnhealthyThreshold = value;
            return this;
        }

        public Builder idleTimeoutMinutes(int value) {
            this.idleTimeoutMinutes = value;
            return this;
        }

        public Builder publishedPorts(List<PublishedPort> value) {
            this.publishedPorts = List.copyOf(value);
            return this;
        }

        public Builder clientSources(List<String> value) {
            this.clientSources = List.copyOf(value);
            return this;
        }

        public Builder probeSources(List<String> value) {
            this.probeSources = List.copyOf(value);
            return this;
        }

        public Builder monitoringSources(List<String> value) {
            this.monitoringSources = List.copyOf(value);
            return this;
        }

        public Builder snmpPort(int value) {
            this.snmpPort = value;
            return this;
        }

        public Builder firstSecurityPriority(int value) {
            this.firstSecurityPriority = value;
            return this;
        }

        public PairTopology build() {
            if (namePrefix == null || !NAME_PREFIX.matcher(namePrefix).matches()) {
                throw new InvalidTopologyException("namePrefix", "'" + namePrefix + "' is not a usable name prefix",
                    "use up to 40 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. hapair-");
            }
            TopologyChecks.requireAddress("node1.address", node1Address);
            TopologyChecks.requireAddress("node2.address", node2Address);
            if (node1Address.equals(node2Address)) {
                throw new InvalidTopologyException("node2.address", "both nodes have the address " + node1Address,
                    "give each node its own private address");
            }
            TopologyChecks.requirePositive("probe.intervalSeconds", probeIntervalSeconds, 5, 2_147_483_647);
            TopologyChecks.requirePositive("probe.unhealthyThreshold", probeUnhealthyThreshold, 1, 2_147_483_647);
            TopologyChecks.requirePositive("idleTimeoutMinutes", idleTimeoutMinutes, 4, 100);
            TopologyChecks.requirePositive("firstSecurityPriority", firstSecurityPriority, 100, 4096);
            TopologyChecks.requirePositive("snmpPort", snmpPort, 1, 65_535);
            TopologyChecks.requireNonEmpty("clientSources", clientSources);
            TopologyChecks.requireNonEmpty("probeSources", probeSources);
            checkFrontendPortsAreDistinct();
            PairTopology topology = new PairTopology(this);
            List<SecurityRule> rules = topology.securityRules();
            int lastPriority = rules.get(rules.size() - 1).priority();
            // Azure accepts priorities up to 4096; the last of our consecutive rules must still fit.
            // An allow-only firewall has no priorities (all 0), so this never trips there.
            if (lastPriority > 4096) {
                throw new InvalidTopologyException("firstSecurityPriority", "our " + rules.size()
                    + " rules would end at priority " + lastPriority, "use at most " + (4096 - rules.size() + 1));
            }
            return topology;
        }

        private void checkFrontendPortsAreDistinct() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("healthCheckPort", healthCheckPort);
            ports.put("peerPort", peerPort);
            ports.put("apiPort", apiPort);
            ports.put("sshPort", sshPort);
            ports.put("node1.apiNatPort", node1ApiNatPort);
            ports.put("node2.apiNatPort", node2ApiNatPort);
            ports.put("node1.sshNatPort", node1SshNatPort);
            ports.put("node2.sshNatPort", node2SshNatPort);
            TopologyChecks.requireDistinctPorts(ports, publishedPorts);
        }
    }
}
