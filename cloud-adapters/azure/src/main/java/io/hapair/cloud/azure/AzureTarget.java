package io.hapair.cloud.azure;

import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import io.hapair.cloud.topology.Ipv4;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the pair lives in Azure, read from the {@code azure.*} settings: the subscription and
 * resource group, the balancer, the two nodes' NICs, the NSG, the ARM endpoint, and whether to
 * create the balancer. NICs and the NSG may be given by name (same resource group) or full ID.
 */
record AzureTarget(String subscription, String resourceGroup, ArmId loadBalancer, ArmId node1Nic, ArmId node2Nic,
                   Optional<ArmId> securityGroup, Optional<String> frontend, String armEndpoint,
                   Optional<LoadBalancerCreation> creation) {

    static final Set<String> KEYS = Set.of("azure.subscription", "azure.resourceGroup", "azure.loadBalancer",
        "azure.node1Nic", "azure.node2Nic", "azure.networkSecurityGroup", "azure.frontend", "azure.armEndpoint",
        "azure.createLoadBalancer", "azure.frontendSubnet", "azure.frontendPrivateIp", "azure.frontendPublicIp");

    // Public Azure; set azure.armEndpoint for sovereign clouds, Azure Stack, or a test double.
    static final String PUBLIC_CLOUD_ENDPOINT = "https://management.azure.com";

    private static final Pattern SUBSCRIPTION = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    static AzureTarget from(CloudSettings settings) {
        String subscription = settings.required("azure.subscription",
            "give the subscription ID, e.g. --subscription $(az account show --query id -o tsv)");
        if (!SUBSCRIPTION.matcher(subscription).matches()) {
            throw new InvalidTopologyException("azure.subscription", "'" + subscription + "' is not a subscription ID",
                "give the GUID that `az account show --query id -o tsv` prints");
        }
        String group = settings.required("azure.resourceGroup", "give the resource group of the balancer");
        ArmId balancer = id(settings, "azure.loadBalancer", subscription, group, ArmId.LOAD_BALANCERS,
            "give the name of the internal load balancer");
        ArmId nic1 = id(settings, "azure.node1Nic", subscription, group, ArmId.NETWORK_INTERFACES,
            "give node 1's network interface (name or resource ID)");
        ArmId nic2 = id(settings, "azure.node2Nic", subscription, group, ArmId.NETWORK_INTERFACES,
            "give node 2's network interface (name or resource ID)");
        if (nic1.id().equalsIgnoreCase(nic2.id())) {
            throw new InvalidTopologyException("azure.node2Nic", "both nodes name NIC " + nic1.name(),
                "give each node its own network interface");
        }
        Optional<ArmId> securityGroup = settings.text("azure.networkSecurityGroup").map(text -> id(settings,
            "azure.networkSecurityGroup", subscription, group, ArmId.SECURITY_GROUPS, ""));
        String endpoint = settings.text("azure.armEndpoint").orElse(PUBLIC_CLOUD_ENDPOINT);
        if (!endpoint.matches("https?://[^/\\s]+.*")) {
            throw new InvalidTopologyException("azure.armEndpoint", "'" + endpoint + "' is not an http(s) URL",
                "give the Resource Manager URL, e.g. " + PUBLIC_CLOUD_ENDPOINT);
        }
        return new AzureTarget(subscription, group, balancer, nic1, nic2, securityGroup,
            settings.text("azure.frontend"), endpoint.replaceAll("/+$", ""), creation(settings));
    }

    private static Optional<LoadBalancerCreation> creation(CloudSettings settings) {
        if (!settings.flag("azure.createLoadBalancer").orElse(false)) {
            for (String key : new String[] {"azure.frontendSubnet", "azure.frontendPrivateIp", "azure.frontendPublicIp"}) {
                if (settings.has(key)) {
                    throw new InvalidTopologyException(key, "only used when creating the load balancer",
                        "add --create-load-balancer, or drop " + key);
                }
            }
            return Optional.empty();
        }
        Optional<String> subnet = settings.text("azure.frontendSubnet");
        Optional<String> publicIp = settings.text("azure.frontendPublicIp");
        Optional<String> privateIp = settings.text("azure.frontendPrivateIp");
        if (subnet.isPresent() == publicIp.isPresent()) {
            throw new InvalidTopologyException("azure.frontendSubnet", "creating a load balancer needs exactly one "
                + "frontend", "give --frontend-subnet SUBNET_ID for an internal one, or --frontend-public-ip "
                + "PUBLIC_IP_ID for a public one");
        }
        if (subnet.isPresent() && !subnet.get().matches("/subscriptions/.+/virtualNetworks/[^/]+/subnets/[^/]+")) {
            throw new InvalidTopologyException("azure.frontendSubnet", "'" + subnet.get() + "' is not a subnet ID",
                "give the full ID, /subscriptions/.../virtualNetworks/VNET/subnets/SUBNET");
        }
        if (privateIp.isPresent() && (publicIp.isPresent() || !Ipv4.isAddress(privateIp.get()))) {
            throw new InvalidTopologyException("azure.frontendPrivateIp", "'" + privateIp.get()
                + "' cannot be the frontend address", "give a free IPv4 address of the frontend subnet");
        }
        return Optional.of(new LoadBalancerCreation(subnet.orElse(null), privateIp.orElse(null),
            publicIp.orElse(null)));
    }

    private static ArmId id(CloudSettings settings, String key, String subscription, String group, String type,
                            String fix) {
        String text = settings.required(key, fix);
        return ArmId.parse(text, subscription, group, type).orElseThrow(() -> new InvalidTopologyException(key,
            "'" + text + "' is neither a name nor a " + type + " resource ID",
            "give a name in resource group " + group + " or a full ID /subscriptions/.../providers/Microsoft.Network/"
                + type + "/NAME"));
    }

    String describe() {
        return "Azure load balancer " + loadBalancer.name() + " in resource group " + loadBalancer.resourceGroup()
            + " (subscription " + subscription + ")"
            + creation.map(create -> ", created if missing: " + create.describe()).orElse("");
    }
}
