package io.hapair.cloud.topology;

import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The desired cloud side of one pair: the single source of truth that the adapters plan from and
 * that the ARM template and Terraform modules are checked against. Every part it produces carries
 * {@link #namePrefix()}, which is how an adapter knows what it owns; it touches nothing else.
 *
 * <p>Build one with {@link #builder()}; every default is set and explained there.
 */
public final class PairTopology {

    /** The management ports every node has; NAT rules and security rules are derived from them. */
    public record ManagementPorts(int api, int ssh, int node1Api, int node2Api, int node1Ssh, int node2Ssh) {
    }

    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private final String namePrefix;
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
    private final int firstSecurityPriority;

    private PairTopology(Builder b) {
        this.namePrefix = b.namePrefix;
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
        this.firstSecurityPriority = b.firstSecurityPriority;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String namePrefix() {
        return namePrefix;
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

    /** Every desired part, pool first, in plan order. */
    public List<CloudPart> parts() {
        List<CloudPart> parts = new ArrayList<>();
        parts.add(backendPool());
        parts.add(probe());
        parts.addAll(balancingRules());
        parts.addAll(natRules());
        parts.addAll(securityRules());
        return parts;
    }

    public BackendPool backendPool() {
        return new BackendPool(namePrefix + "pool", List.of(node1.name(), node2.name()));
    }

    public HealthProbe probe() {
        return new HealthProbe(namePrefix + "health-probe", ProbeProtocol.HTTP, healthCheckPort, "/",
            probeIntervalSeconds, probeUnhealthyThreshold);
    }

    /** The health-check rule first (it shows which node is active), then one per published port. */
    public List<BalancingRule> balancingRules() {
        List<BalancingRule> rules = new ArrayList<>();
        rules.add(balancingRule(new PublishedPort(healthCheckPort, Protocol.TCP)));
        publishedPorts.forEach(port -> rules.add(balancingRule(port)));
        return rules;
    }

    private BalancingRule balancingRule(PublishedPort port) {
        return new BalancingRule(namePrefix + "rule-" + port.protocol().name().toLowerCase(Locale.ROOT)
            + "-" + port.port(), port.protocol(), port.port(), port.port(), probe().name(), backendPool().name(),
            idleTimeoutMinutes, false, SessionPersistence.NONE);
    }

    public List<NatRule> natRules() {
        return List.of(
            new NatRule(namePrefix + "nat-node1-api", Protocol.TCP, management.node1Api(), management.api(),
                node1.name()),
            new NatRule(namePrefix + "nat-node2-api", Protocol.TCP, management.node2Api(), management.api(),
                node2.name()),
            new NatRule(namePrefix + "nat-node1-ssh", Protocol.TCP, management.node1Ssh(), management.ssh(),
                node1.name()),
            new NatRule(namePrefix + "nat-node2-ssh", Protocol.TCP, management.node2Ssh(), management.ssh(),
                node2.name()));
    }

    /**
     * Inbound rules, all towards the two nodes, with consecutive priorities from the first one: the
     * probe source to the check port; the peer port between the nodes, then a deny of the peer port
     * from anywhere else (the cloud's default rules would otherwise let the whole network reach it);
     * the management ports; the published ports last, so adding one shifts no other rule.
     */
    public List<SecurityRule> securityRules() {
        List<String> nodeAddresses = List.of(node1.address(), node2.address());
        List<SecurityRule> rules = new ArrayList<>();
        int priority = firstSecurityPriority;
        rules.add(inbound("allow-probe", priority++, Access.ALLOW, Protocol.TCP, probeSources, healthCheckPort));
        rules.add(new SecurityRule(namePrefix + "allow-peer", priority++, Direction.INBOUND, Access.ALLOW,
            Protocol.TCP, nodeAddresses, nodeAddresses, List.of(Integer.toString(peerPort))));
        rules.add(inbound("deny-peer-others", priority++, Access.DENY, Protocol.TCP, List.of("*"), peerPort));
        for (int port : List.of(management.api(), management.node1Api(), management.node2Api(), healthCheckPort,
            management.ssh(), management.node1Ssh(), management.node2Ssh())) {
            rules.add(inbound("allow-tcp-" + port, priority++, Access.ALLOW, Protocol.TCP, clientSources, port));
        }
        for (PublishedPort port : publishedPorts) {
            String protocol = port.protocol().name().toLowerCase(Locale.ROOT);
            rules.add(inbound("allow-" + protocol + "-" + port.port(), priority++, Access.ALLOW, port.protocol(),
                clientSources, port.port()));
        }
        return rules;
    }

    private SecurityRule inbound(String suffix, int priority, Access access, Protocol protocol, List<String> sources,
                                 int port) {
        return new SecurityRule(namePrefix + suffix, priority, Direction.INBOUND, access, protocol, sources,
            List.of(node1.address(), node2.address()), List.of(Integer.toString(port)));
    }

    /** Collects the pair's settings; {@link #build()} checks them and names the field at fault. */
    public static final class Builder {
        // Every part name starts with this; it marks what the adapters own.
        private String namePrefix = "hapair-";
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
        // Leaves priorities 100-999 for the operator's own rules, which must win over ours.
        private int firstSecurityPriority = 1000;

        private Builder() {
        }

        public Builder namePrefix(String value) {
            this.namePrefix = value;
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

        public Builder firstSecurityPriority(int value) {
            this.firstSecurityPriority = value;
            return this;
        }

        public PairTopology build() {
            if (namePrefix == null || !NAME_PREFIX.matcher(namePrefix).matches()) {
                throw new InvalidTopologyException("namePrefix", "'" + namePrefix + "' is not a usable name prefix",
                    "use up to 40 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. hapair-");
            }
            requireAddress("node1.address", node1Address);
            requireAddress("node2.address", node2Address);
            if (node1Address.equals(node2Address)) {
                throw new InvalidTopologyException("node2.address", "both nodes have the address " + node1Address,
                    "give each node its own private address");
            }
            requirePositive("probe.intervalSeconds", probeIntervalSeconds, 5, 2_147_483_647);
            requirePositive("probe.unhealthyThreshold", probeUnhealthyThreshold, 1, 2_147_483_647);
            requirePositive("idleTimeoutMinutes", idleTimeoutMinutes, 4, 100);
            requirePositive("firstSecurityPriority", firstSecurityPriority, 100, 4096);
            requireNonEmpty("clientSources", clientSources);
            requireNonEmpty("probeSources", probeSources);
            checkFrontendPortsAreDistinct();
            PairTopology topology = new PairTopology(this);
            List<SecurityRule> rules = topology.securityRules();
            int lastPriority = rules.get(rules.size() - 1).priority();
            // Azure accepts priorities up to 4096; the last of our consecutive rules must still fit.
            if (lastPriority > 4096) {
                throw new InvalidTopologyException("firstSecurityPriority", "our " + rules.size()
                    + " rules would end at priority " + lastPriority, "use at most " + (4096 - rules.size() + 1));
            }
            return topology;
        }

        private void checkFrontendPortsAreDistinct() {
            Map<Integer, String> byPort = new HashMap<>();
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("healthCheckPort", healthCheckPort);
            ports.put("peerPort", peerPort);
            ports.put("apiPort", apiPort);
            ports.put("sshPort", sshPort);
            ports.put("node1.apiNatPort", node1ApiNatPort);
            ports.put("node2.apiNatPort", node2ApiNatPort);
            ports.put("node1.sshNatPort", node1SshNatPort);
            ports.put("node2.sshNatPort", node2SshNatPort);
            ports.forEach((field, port) -> {
                requirePositive(field, port, 1, 65_535);
                claim(byPort, port, field);
            });
            for (PublishedPort published : publishedPorts) {
                requirePositive("publishedPorts", published.port(), 1, 65_535);
                claim(byPort, published.port(), "publishedPorts");
            }
        }

        private static void claim(Map<Integer, String> byPort, int port, String field) {
            String previous = byPort.putIfAbsent(port, field);
            if (previous != null) {
                throw new InvalidTopologyException(field, "port " + port + " is already used by " + previous,
                    "every port of the pair must be distinct; choose another port for " + field);
            }
        }

        private static void requireAddress(String field, String address) {
            if (address == null || address.isBlank()) {
                throw new InvalidTopologyException(field, "missing",
                    "give the node's private IPv4 address, e.g. 10.0.1.4");
            }
            if (!Ipv4.isAddress(address)) {
                throw new InvalidTopologyException(field, "'" + address + "' is not an IPv4 address",
                    "give the node's private IPv4 address, e.g. 10.0.1.4");
            }
        }

        private static void requirePositive(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidTopologyException(field, value + " is out of range",
                    "use a value from " + min + " to " + max);
            }
        }

        private static void requireNonEmpty(String field, List<String> values) {
            if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
                throw new InvalidTopologyException(field, "empty",
                    "list at least one address prefix or service tag, e.g. VirtualNetwork or 10.0.0.0/16");
            }
        }
    }
}
