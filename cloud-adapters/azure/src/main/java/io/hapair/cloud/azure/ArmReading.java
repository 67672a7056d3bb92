package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.InboundNatRuleInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancingRuleInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.ProbeInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.models.LoadDistribution;
import com.azure.resourcemanager.network.models.ProbeProtocol;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.network.models.TransportProtocol;
import io.hapair.cloud.plan.ObservedPair;
import io.hapair.cloud.topology.BackendPool;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import io.hapair.cloud.topology.SecurityRule.Access;
import io.hapair.cloud.topology.SecurityRule.Direction;
import io.hapair.cloud.topology.SessionPersistence;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Translates what ARM returned into the core's plain parts. Pool membership and NAT targets are
 * read from the nodes' NICs (the writable side of those links); a NAT rule bound to a NIC outside
 * the pair shows that NIC's name. Values ARM leaves out read as ARM's documented defaults.
 */
final class ArmReading {

    // ARM's defaults for fields a balancer created elsewhere may omit.
    private static final int ARM_DEFAULT_PROBE_INTERVAL = 15;
    static final int ARM_DEFAULT_PROBE_COUNT = 2;
    static final int ARM_DEFAULT_PROBE_THRESHOLD = 1;
    private static final int ARM_DEFAULT_IDLE_MINUTES = 4;

    private ArmReading() {
    }

    static ObservedPair observed(AzureSnapshot snapshot) {
        LoadBalancerInner balancer = snapshot.balancer().orElseGet(LoadBalancerInner::new);
        NetworkSecurityGroupInner group = snapshot.securityGroup();
        return new ObservedPair(
            map(balancer.backendAddressPools(), pool -> pool(pool, snapshot)),
            map(balancer.probes(), ArmReading::probe),
            map(balancer.loadBalancingRules(), ArmReading::rule),
            map(balancer.inboundNatRules(), rule -> natRule(rule, snapshot)),
            map(group.securityRules(), ArmReading::securityRule),
            map(group.defaultSecurityRules(), ArmReading::securityRule));
    }

    private static BackendPool pool(BackendAddressPoolInner pool, AzureSnapshot snapshot) {
        return new BackendPool(pool.name(), snapshot.nodes().stream().filter(node -> node.inPool(pool.id()))
            .map(node -> node.node().name()).toList());
    }

    private static HealthProbe probe(ProbeInner probe) {
        io.hapair.cloud.topology.ProbeProtocol protocol;
        if (ProbeProtocol.HTTP.equals(probe.protocol())) {
            protocol = io.hapair.cloud.topology.ProbeProtocol.HTTP;
        } else if (ProbeProtocol.HTTPS.equals(probe.protocol())) {
            protocol = io.hapair.cloud.topology.ProbeProtocol.HTTPS;
        } else {
            protocol = io.hapair.cloud.topology.ProbeProtocol.TCP;
        }
        return new HealthProbe(probe.name(), protocol, valueOr(probe.port(), 0), probe.requestPath(),
            valueOr(probe.intervalInSeconds(), ARM_DEFAULT_PROBE_INTERVAL),
            probeThreshold(probe));
    }

    /**
     * The consecutive failures (and successes) that turn a node down (and up): probeThreshold, which
     * current API versions act on. The older numberOfProbes is diagnosed apart when it differs.
     */
    static int probeThreshold(ProbeInner probe) {
        return valueOr(probe.probeThreshold(), ARM_DEFAULT_PROBE_THRESHOLD);
    }

    private static BalancingRule rule(LoadBalancingRuleInner rule) {
        String pool = rule.backendAddressPool() != null ? rule.backendAddressPool().id()
            : rule.backendAddressPools() == null || rule.backendAddressPools().isEmpty() ? null
            : rule.backendAddressPools().get(0).id();
        return new BalancingRule(rule.name(), protocol(rule.protocol()), valueOr(rule.frontendPort(), 0),
            valueOr(rule.backendPort(), 0), rule.probe() == null ? "" : ArmId.lastSegment(rule.probe().id()),
            ArmId.lastSegment(pool), valueOr(rule.idleTimeoutInMinutes(), ARM_DEFAULT_IDLE_MINUTES),
            Boolean.TRUE.equals(rule.enableFloatingIp()), persistence(rule.loadDistribution()));
    }

    private static NatRule natRule(InboundNatRuleInner rule, AzureSnapshot snapshot) {
        String target = snapshot.nodes().stream().filter(node -> node.boundTo(rule.id()))
            .map(node -> node.node().name()).findFirst()
            .orElseGet(() -> rule.backendIpConfiguration() == null ? ""
                : "NIC " + foreignNic(rule.backendIpConfiguration().id()));
        return new NatRule(rule.name(), protocol(rule.protocol()), valueOr(rule.frontendPort(), 0),
            valueOr(rule.backendPort(), 0), target);
    }

    private static String foreignNic(String ipConfigurationId) {
        int cut = ipConfigurationId.toLowerCase(Locale.ROOT).indexOf("/ipconfigurations/");
        return ArmId.lastSegment(cut < 0 ? ipConfigurationId : ipConfigurationId.substring(0, cut));
    }

    static SecurityRule securityRule(SecurityRuleInner rule) {
        return new SecurityRule(rule.name(), valueOr(rule.priority(), 0),
            SecurityRuleDirection.OUTBOUND.equals(rule.direction()) ? Direction.OUTBOUND : Direction.INBOUND,
            SecurityRuleAccess.DENY.equals(rule.access()) ? Access.DENY : Access.ALLOW,
            protocol(rule.protocol()),
            oneOrMany(rule.sourceAddressPrefix(), rule.sourceAddressPrefixes()),
            oneOrMany(rule.destinationAddressPrefix(), rule.destinationAddressPrefixes()),
            oneOrMany(rule.destinationPortRange(), rule.destinationPortRanges()));
    }

    private static Protocol protocol(TransportProtocol protocol) {
        if (TransportProtocol.UDP.equals(protocol)) {
            return Protocol.UDP;
        }
        return TransportProtocol.ALL.equals(protocol) ? Protocol.ANY : Protocol.TCP;
    }

    private static Protocol protocol(SecurityRuleProtocol protocol) {
        if (SecurityRuleProtocol.TCP.equals(protocol)) {
            return Protocol.TCP;
        }
        if (SecurityRuleProtocol.UDP.equals(protocol)) {
            return Protocol.UDP;
        }
        return SecurityRuleProtocol.ASTERISK.equals(protocol) ? Protocol.ANY : Protocol.OTHER;
    }

    private static SessionPersistence persistence(LoadDistribution distribution) {
        if (LoadDistribution.SOURCE_IP.equals(distribution)) {
            return SessionPersistence.CLIENT_IP;
        }
        return LoadDistribution.SOURCE_IPPROTOCOL.equals(distribution) ? SessionPersistence.CLIENT_IP_AND_PROTOCOL
            : SessionPersistence.NONE;
    }

    /** ARM fills either the single field or the list, never both. */
    private static List<String> oneOrMany(String one, List<String> many) {
        if (one != null && !one.isEmpty()) {
            return List.of(one);
        }
        return many == null ? List.of() : many;
    }

    private static <T, R> List<R> map(List<T> items, Function<T, R> mapper) {
        return items == null ? List.of() : items.stream().map(mapper).toList();
    }

    static int valueOr(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
