package io.hapair.cloud.azure;

/**
 * How to create the balancer when it does not exist yet: Standard SKU, one frontend, either
 * internal in a subnet (with a static address when one is given) or public on an existing
 * Standard public IP.
 */
record LoadBalancerCreation(String frontendSubnetId, String frontendPrivateIp, String frontendPublicIpId) {

    boolean isPublic() {
        return frontendPublicIpId != null;
    }

    String describe() {
        if (isPublic()) {
            return "Standard, public frontend on " + ArmId.lastSegment(frontendPublicIpId);
        }
        return "Standard, internal, frontend in subnet " + ArmId.lastSegment(frontendSubnetId)
            + (frontendPrivateIp == null ? " (dynamic address)" : " at " + frontendPrivateIp);
    }
}
