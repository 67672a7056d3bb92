package io.hapair.cloud.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every ARM call the adapter makes, in one place: reads, conditional writes (If-Match with the ETag
 * read, If-None-Match when creating) and the translation of failures into operator-facing errors
 * naming the RBAC action involved. The SDK's own pipeline does retries and long-running operations.
 */
final class AzureNetworkRepository {

    private final NetworkManagementClient client;
    private final String endpoint;

    AzureNetworkRepository(NetworkManagementClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    Optional<LoadBalancerInner> loadBalancer(ArmId id) {
        try {
            return Optional.of(client.getLoadBalancers()
                .getByResourceGroupWithResponse(id.resourceGroup(), id.name(), null, Context.NONE).getValue());
        } catch (ManagementException failure) {
            if (failure.getResponse() != null && failure.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw ArmErrors.translate(failure, "Microsoft.Network/loadBalancers/read", describe(id), endpoint);
        } catch (RuntimeException failure) {
            throw ArmErrors.translate(failure, "Microsoft.Network/loadBalancers/read", describe(id), endpoint);
        }
    }

    /** Writes the whole balancer; {@code etag} null means create it, failing if it appeared meanwhile. */
    LoadBalancerInner writeLoadBalancer(ArmId id, LoadBalancerInner balancer, String etag) {
        Context condition = etag == null ? IfMatchPolicy.ifNoneExists() : IfMatchPolicy.ifMatch(etag);
        return call("Microsoft.Network/loadBalancers/write", describe(id), () -> client.getLoadBalancers()
            .createOrUpdate(id.resourceGroup(), id.name(), balancer, condition));
    }

    NetworkInterfaceInner networkInterface(ArmId id) {
        return call("Microsoft.Network/networkInterfaces/read", describe(id), () -> client.getNetworkInterfaces()
            .getByResourceGroupWithResponse(id.resourceGroup(), id.name(), null, Context.NONE).getValue());
    }

    /** Joining pools and NAT rules also needs their join actions, which a 403 then names. */
    NetworkInterfaceInner writeNetworkInterface(ArmId id, NetworkInterfaceInner nic) {
        return call("Microsoft.Network/networkInterfaces/write", describe(id), () -> client.getNetworkInterfaces()
            .createOrUpdate(id.resourceGroup(), id.name(), nic, IfMatchPolicy.ifMatch(nic.etag())));
    }

    NetworkSecurityGroupInner securityGroup(ArmId id) {
        return call("Microsoft.Network/networkSecurityGroups/read", describe(id), () -> client
            .getNetworkSecurityGroups()
            .getByResourceGroupWithResponse(id.resourceGroup(), id.name(), null, Context.NONE).getValue());
    }

    NetworkSecurityGroupInner writeSecurityGroup(ArmId id, NetworkSecurityGroupInner group) {
        return call("Microsoft.Network/networkSecurityGroups/write", describe(id), () -> client
            .getNetworkSecurityGroups()
            .createOrUpdate(id.resourceGroup(), id.name(), group, IfMatchPolicy.ifMatch(group.etag())));
    }

    private <T> T call(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException failure) {
            throw ArmErrors.translate(failure, action, resource, endpoint);
        }
    }

    static String describe(ArmId id) {
        String kind = switch (id.type()) {
            case ArmId.LOAD_BALANCERS -> "load balancer ";
            case ArmId.NETWORK_INTERFACES -> "network interface ";
            case ArmId.SECURITY_GROUPS -> "network security group ";
            default -> id.type() + " ";
        };
        return kind + id.name() + " in resource group " + id.resourceGroup();
    }
}
