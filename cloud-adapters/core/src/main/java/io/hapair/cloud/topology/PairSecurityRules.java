package io.hapair.cloud.topology;

import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The security rules a pair needs, in the firewall style of its {@link CloudShape}, all inbound to
 * the two nodes. In order: the balancer's probe source to the check port; the peer port between the
 * nodes; the management ports; the SNMP agents' port from the monitoring sources, when there are any;
 * the published ports last, so adding one shifts no other rule.
 *
 * <p>The peer port carries TCP (the TLS link: sync and commands) and UDP (the heartbeat datagrams).
 * A prioritized firewall (Azure NSG) numbers them from the first priority, opens the peer port for
 * any protocol between the nodes and follows that with a deny of it from anywhere else, because the
 * cloud's default rules would let the whole network reach it. An allow-only firewall (AWS security
 * group) has no priorities and denies whatever it does not allow, so it needs no deny rule; its peer
 * rules, one for TCP and one for UDP (its "any protocol" would open every port), allow the nodes' own
 * group ({@link SecurityRule#PAIR_NODES}).
 */
final class PairSecurityRules {

    private final PairTopology topology;
    private final boolean ordered;
    private final List<SecurityRule> rules = new ArrayList<>();
    private int priority;

    private PairSecurityRules(PairTopology topology, int firstPriority) {
        this.topology = topology;
        this.ordered = topology.shape() == CloudShape.SHARED_POOL;
        this.priority = firstPriority;
    }

    static List<SecurityRule> of(PairTopology topology, int firstPriority) {
        return new PairSecurityRules(topology, firstPriority).build();
    }

    private List<SecurityRule> build() {
        PairTopology.ManagementPorts management = topology.managementPorts();
        int checkPort = topology.healthCheckPort();
        int peerPort = topology.peerPort();
        add("allow-probe", Access.ALLOW, Protocol.TCP, topology.probeSources(), checkPort);
        List<String> peers = ordered ? nodeAddresses() : List.of(SecurityRule.PAIR_NODES);
        if (ordered) {
            add("allow-peer", Access.ALLOW, Protocol.ANY, peers, peerPort);
            add("deny-peer-others", Access.DENY, Protocol.ANY, List.of("*"), peerPort);
        } else {
            add("allow-peer", Access.ALLOW, Protocol.TCP, peers, peerPort);
            add("allow-peer-udp", Access.ALLOW, Protocol.UDP, peers, peerPort);
        }
        for (int port : List.of(management.api(), management.node1Api(), management.node2Api(), checkPort,
            management.ssh(), management.node1Ssh(), management.node2Ssh())) {
            add("allow-tcp-" + port, Access.ALLOW, Protocol.TCP, topology.clientSources(), port);
        }
        if (!topology.monitoringSources().isEmpty()) {
            add("allow-snmp", Access.ALLOW, Protocol.UDP, topology.monitoringSources(), topology.snmpPort());
        }
        for (PublishedPort port : topology.publishedPorts()) {
            String protocol = port.protocol().name().toLowerCase(Locale.ROOT);
            add("allow-" + protocol + "-" + port.port(), Access.ALLOW, port.protocol(), topology.clientSources(),
                port.port());
        }
        return List.copyOf(rules);
    }

    private void add(String suffix, Access access, Protocol protocol, List<String> sources, int port) {
        rules.add(new SecurityRule(topology.namePrefix() + suffix, ordered ? priority++ : 0, Direction.INBOUND,
            access, protocol, sources, nodeAddresses(), List.of(Integer.toString(port))));
    }

    private List<String> nodeAddresses() {
        return List.of(topology.node1().address(), topology.node2().address());
    }
}
