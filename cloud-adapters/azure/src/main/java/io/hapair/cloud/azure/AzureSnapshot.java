package io.hapair.cloud.azure;

import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;

import java.util.List;
import java.util.Optional;

/**
 * What one observe read, kept as the SDK returned it so that apply edits exactly that (ETags
 * included). The balancer is empty when it does not exist yet and will be created.
 */
record AzureSnapshot(Optional<LoadBalancerInner> balancer, List<NodeInterface> nodes,
                     ArmId securityGroupId, NetworkSecurityGroupInner securityGroup) {
}
