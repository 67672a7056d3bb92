package io.hapair.cloud.azure;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import java.util.Optional;

/**
 * An Azure Resource Manager resource ID such as
 * {@code /subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/loadBalancers/ilb}, and the
 * IDs of its children ({@code .../probes/NAME}). ARM treats IDs case-insensitively, so comparisons
 * here do too. Parsing is the SDK's {@link ResourceId} (from azure-resourcemanager-resources, which
 * azure-resourcemanager-network brings); what stays here is what it lacks: a bare name taken as a
 * resource in the target's group, building the IDs of resources and their children in ARM's own
 * spelling, and case-insensitive comparison.
 */
record ArmId(String subscription, String resourceGroup, String type, String name) {

    static final String LOAD_BALANCERS = "loadBalancers";
    static final String NETWORK_INTERFACES = "networkInterfaces";
    static final String SECURITY_GROUPS = "networkSecurityGroups";

    /**
     * Reads a full resource ID, or takes a bare name as a resource of that type in the given
     * subscription and resource group.
     */
    static Optional<ArmId> parse(String text, String subscription, String resourceGroup, String type) {
        if (!text.startsWith("/")) {
            return text.isBlank() || text.contains("/") ? Optional.empty()
                : Optional.of(new ArmId(subscription, resourceGroup, type, text));
        }
        ResourceId resource;
        try {
            resource = ResourceId.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        // A child's ID (.../loadBalancers/ilb/probes/p) parses too, as its last type: only top-level resources count.
        if (resource.parent() != null || !"Microsoft.Network".equalsIgnoreCase(resource.providerNamespace())
            || !type.equalsIgnoreCase(resource.resourceType())) {
            return Optional.empty();
        }
        return Optional.of(new ArmId(resource.subscriptionId(), resource.resourceGroupName(), type, resource.name()));
    }

    String id() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
            + "/providers/Microsoft.Network/" + type + "/" + name;
    }

    /** The ID of a child such as a probe: {@code child("probes", "hapair-health-probe")}. */
    String child(String collection, String childName) {
        return id() + "/" + collection + "/" + childName;
    }

    /** The last segment of any ID, e.g. the probe name of a probe ID; empty for null. */
    static String lastSegment(String id) {
        return id == null ? "" : id.substring(id.lastIndexOf('/') + 1);
    }

    static boolean same(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }
}
