package io.hapair.cloud.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.FrontendIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.InboundNatRuleInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancingRuleInner;
import com.azure.resourcemanager.network.fluent.models.ProbeInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.LoadBalancerSku;
import com.azure.resourcemanager.network.models.LoadBalancerSkuName;
import com.azure.resourcemanager.network.models.LoadBalancerSkuTier;
import com.azure.resourcemanager.network.models.LoadDistribution;
import com.azure.resourcemanager.network.models.ProbeProtocol;
import com.azure.resourcemanager.network.models.TransportProtocol;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.topology.BalancingRule;
import io.hapair.cloud.topology.HealthProbe;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.NatRule;
import io.hapair.cloud.topology.PartKind;
import io.hapair.cloud.topology.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Edits an in-memory balancer so that one PUT carries the pool, probe, rules and NAT rules a plan
 * asks for. Updates edit the existing entry, so fields the pair does not manage (TCP reset, outbound
 * SNAT...) keep their values; entries the plan does not name are left exactly as they are.
 */
final class LoadBalancerEditor {

    private final LoadBalancerInner balancer;
    private final ArmId id;
    private final String frontendId;

    LoadBalancerEditor(LoadBalancerInner balancer, ArmId id, Optional<String> frontendName) {
        this.balancer = balancer;
        this.id = id;
        this.frontendId = id.child("frontendIPConfigurations", frontend(balancer, frontendName));
    }

    /** A new Standard balancer with one frontend, in the nodes' region. */
    static LoadBalancerInner create(LoadBalancerCreation creation, String location, String frontendName) {
        FrontendIpConfigurationInner frontend = new FrontendIpConfigurationInner().withName(frontendName);
        if (creation.isPublic()) {
            frontend.withPublicIpAddress(new PublicIpAddressInner().withId(creation.frontendPublicIpId()));
        } else {
            frontend.withSubnet(new SubnetInner().withId(creation.frontendSubnetId()))
                .withPrivateIpAllocationMethod(creation.frontendPrivateIp() == null ? IpAllocationMethod.DYNAMIC
                    : IpAllocationMethod.STATIC)
                .withPrivateIpAddress(creation.frontendPrivateIp());
        }
        LoadBalancerInner balancer = new LoadBalancerInner()
            .withSku(new LoadBalancerSku().withName(LoadBalancerSkuName.STANDARD).withTier(LoadBalancerSkuTier.REGIONAL))
            .withFrontendIpConfigurations(new ArrayList<>(List.of(frontend)));
        balancer.withLocation(location);
        return balancer;
    }

    /** Whether a change is carried by the balancer's own PUT (pool membership and NAT targets live on NICs). */
    static boolean touchesBalancer(Change change) {
        if (change.kind() == PartKind.SECURITY_RULE) {
            return false;
        }
        if (change instanceof Change.Update update) {
            return switch (change.kind()) {
                case BACKEND_POOL -> false;
                case NAT_RULE -> update.differences().stream().anyMatch(field -> !field.field().equals("target"));
                default -> true;
            };
        }
        return true;
    }

    void apply(Change change) {
        String name = change.name();
        boolean remove = change instanceof Change.Remove;
        switch (change.kind()) {
            case BACKEND_POOL -> balancer.withBackendAddressPools(edit(balancer.backendAddressPools(), name, remove,
                BackendAddressPoolInner::name, () -> new BackendAddressPoolInner().withName(name), pool -> { }));
            case HEALTH_PROBE -> balancer.withProbes(edit(balancer.probes(), name, remove, ProbeInner::name,
                () -> new ProbeInner().withName(name), probe -> write(probe, (HealthProbe) change.part())));
            case BALANCING_RULE -> balancer.withLoadBalancingRules(edit(balancer.loadBalancingRules(), name, remove,
                LoadBalancingRuleInner::name, () -> new LoadBalancingRuleInner().withName(name),
                rule -> write(rule, (BalancingRule) change.part())));
            case NAT_RULE -> balancer.withInboundNatRules(edit(balancer.inboundNatRules(), name, remove,
                InboundNatRuleInner::name, () -> new InboundNatRuleInner().withName(name),
                rule -> write(rule, (NatRule) change.part())));
            case SECURITY_RULE -> throw new IllegalArgumentException("security rules live in the NSG: " + name);
        }
    }

    private void write(ProbeInner probe, HealthProbe wanted) {
        ProbeProtocol protocol = switch (wanted.protocol()) {
            case HTTP -> ProbeProtocol.HTTP;
            case HTTPS -> ProbeProtocol.HTTPS;
            case TCP -> ProbeProtocol.TCP;
        };
        probe.withProtocol(protocol).withPort(wanted.port())
            .withRequestPath(wanted.path().isEmpty() ? null : wanted.path())
            .withIntervalInSeconds(wanted.intervalSeconds())
            // probeThreshold is the consecutive-probe count current API versions act on (ARM defaults it
            // to 1); numberOfProbes, its predecessor, is kept equal for tools that still read it.
            .withProbeThreshold(wanted.unhealthyThreshold()).withNumberOfProbes(wanted.unhealthyThreshold());
    }

    private void write(LoadBalancingRuleInner rule, BalancingRule wanted) {
        SubResource pool = new SubResource().withId(id.child("backendAddressPools", wanted.backendPool()));
        LoadDistribution distribution = switch (wanted.sessionPersistence()) {
            case NONE -> LoadDistribution.DEFAULT;
            case CLIENT_IP -> LoadDistribution.SOURCE_IP;
            case CLIENT_IP_AND_PROTOCOL -> LoadDistribution.SOURCE_IPPROTOCOL;
        };
        rule.withFrontendIpConfiguration(new SubResource().withId(frontendId))
            .withBackendAddressPool(pool)
            // ARM fills both the single pool and the list; keep them in step.
            .withBackendAddressPools(List.of(pool))
            .withProbe(wanted.probe().isEmpty() ? null : new SubResource().withId(id.child("probes", wanted.probe())))
            .withProtocol(transport(wanted.protocol())).withLoadDistribution(distribution)
            .withFrontendPort(wanted.frontendPort()).withBackendPort(wanted.backendPort())
            .withIdleTimeoutInMinutes(wanted.idleTimeoutMinutes()).withEnableFloatingIp(wanted.floatingIp());
    }

    private void write(InboundNatRuleInner rule, NatRule wanted) {
        rule.withFrontendIpConfiguration(new SubResource().withId(frontendId))
            .withProtocol(transport(wanted.protocol()))
            .withFrontendPort(wanted.frontendPort()).withBackendPort(wanted.backendPort())
            // The node answers on its own address, never on the frontend's.
            .withEnableFloatingIp(false);
    }

    private static TransportProtocol transport(Protocol protocol) {
        return protocol == Protocol.UDP ? TransportProtocol.UDP : TransportProtocol.TCP;
    }

    private static <T> List<T> edit(List<T> current, String name, boolean remove, Function<T, String> nameOf,
                                    Supplier<T> create, Consumer<T> change) {
        List<T> entries = current == null ? new ArrayList<>() : new ArrayList<>(current);
        if (remove) {
            entries.removeIf(entry -> name.equals(nameOf.apply(entry)));
            return entries;
        }
        T entry = entries.stream().filter(existing -> name.equals(nameOf.apply(existing))).findFirst()
            .orElseGet(() -> {
                T created = create.get();
                entries.add(created);
                return created;
            });
        change.accept(entry);
        return entries;
    }

    /** The frontend the pair's rules use: the named one, or the only one. */
    static String frontend(LoadBalancerInner balancer, Optional<String> wanted) {
        List<FrontendIpConfigurationInner> frontends = balancer.frontendIpConfigurations() == null ? List.of()
            : balancer.frontendIpConfigurations();
        String names = frontends.stream().map(FrontendIpConfigurationInner::name).collect(Collectors.joining(", "));
        if (wanted.isPresent()) {
            return frontends.stream().map(FrontendIpConfigurationInner::name).filter(wanted.get()::equals).findFirst()
                .orElseThrow(() -> new InvalidTopologyException("azure.frontend", "the load balancer has no frontend "
                    + wanted.get() + " (it has " + names + ")", "name one of its frontends"));
        }
        if (frontends.size() != 1) {
            throw new InvalidTopologyException("azure.frontend", "the load balancer has " + frontends.size()
                + " frontends (" + names + ")", "name the one the pair uses with --frontend");
        }
        return frontends.get(0).name();
    }
}
