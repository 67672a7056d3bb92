package io.hapair.cloud.azure;

import java.util.Optional;

/**
 * An Azure Resource Manager resource ID such as
 * {@code /subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/loadBalancers/ilb}, and the
 * IDs of its children ({@code .../probes/NAME}). ARM treats IDs case-insensitively, so comparisons
 * here do too.
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
        String[] parts = text.split("/");
        // "", subscriptions, S, resourceGroups, RG, providers, Microsoft.Network, TYPE, NAME
        if (parts.length != 9 || !parts[1].equalsIgnoreCase("subscriptions")
            || !parts[3].equalsIgnoreCase("resourceGroups") || !parts[6].equalsIgnoreCase("Microsoft.Network")
            || !parts[7].equalsIgnoreCase(type)) {
            return Optional.empty();
        }
        return Optional.of(new ArmId(parts[2], parts[4], type, parts[8]));
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
