package io.hapair.cloud.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;

import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.Deadline;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every ARM call the adapter makes, in one place: reads, conditional writes (If-Match with the ETag
 * read, If-None-Match when creating) and the translation of failures into operator-facing errors
 * naming the RBAC action involved. The SDK's own pipeline does retries and long-running operations.
 */
final class AzureNetworkRepository {

    // ARM refuses a write while another operation runs on the resource (a deployment, another apply).
    private static final String BUSY = "AnotherOperationInProgress";

    private final NetworkManagementClient client;
    private final String endpoint;
    private final Deadline deadline;
    private final Duration busyRetryDelay;

    /** @param busyRetryDelay the first wait before a write refused as {@value #BUSY} is tried again */
    AzureNetworkRepository(NetworkManagementClient client, String endpoint, Deadline deadline,
                           Duration busyRetryDelay) {
        this.client = client;
        this.endpoint = endpoint;
        this.deadline = deadline;
        this.busyRetryDelay = busyRetryDelay;
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

    /** A subnet by its full ID, for the NSG attached to it. */
    SubnetInner subnet(String subnetId) {
        ResourceId id = ResourceId.fromString(subnetId);
        String vnet = id.parent() == null ? "" : id.parent().name();
        return call("Microsoft.Network/virtualNetworks/subnets/read", "subnet " + id.name() + " of virtual network "
            + vnet + " in resource group " + id.resourceGroupName(), () -> client.getSubnets()
            .getWithResponse(id.resourceGroupName(), vnet, id.name(), null, Context.NONE).getValue());
    }

    NetworkSecurityGroupInner writeSecurityGroup(ArmId id, NetworkSecurityGroupInner group) {
        return call("Microsoft.Network/networkSecurityGroups/write", describe(id), () -> client
            .getNetworkSecurityGroups()
            .createOrUpdate(id.resourceGroup(), id.name(), group, IfMatchPolicy.ifMatch(group.etag())));
    }

    /**
     * A write refused because another operation is in progress is tried again, waiting twice as long
     * each time, as long as the command's deadline leaves room for the wait.
     */
    private <T> T call(String action, String resource, Supplier<T> call) {
        Duration wait = busyRetryDelay;
        int refusals = 0;
        while (true) {
            try {
                return call.get();
            } catch (ManagementException failure) {
                if (!busy(failure)) {
                    throw ArmErrors.translate(failure, action, resource, endpoint);
                }
                refusals++;
                if (deadline.remaining().compareTo(wait) <= 0) {
                    throw new CloudException(resource + " stayed busy with another operation (409 " + BUSY + ", "
                        + refusals + " attempt(s) within the command's time limit of "
                        + Deadline.format(deadline.limit()) + ")", "wait until the other operation (a deployment, "
                        + "another apply) has finished, then run the command again, or allow more time with --timeout",
                        failure);
                }
                sleep(wait);
                wait = wait.multipliedBy(2);
            } catch (RuntimeException failure) {
                throw ArmErrors.translate(failure, action, resource, endpoint);
            }
        }
    }

    private static boolean busy(ManagementException failure) {
        return failure.getResponse() != null && failure.getResponse().getStatusCode() == 409
            && failure.getValue() != null && BUSY.equals(failure.getValue().getCode());
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while waiting for another Azure operation to finish",
                "run the command again", interrupted);
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
