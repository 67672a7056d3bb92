package io.hapair.cloud.topology;

/**
 * How a cloud's balancer and firewall are built, which decides the parts a pair needs there. The
 * provider picks it (its {@code CloudProvider.shape()}); a pair's settings do not.
 */
public enum CloudShape {
    /**
     * One backend pool and one probe shared by every rule, NAT rules that reach one node each, and
     * prioritized allow and deny rules (Azure's load balancer and network security group).
     */
    SHARED_POOL,
    /**
     * A target group per rule and per NAT rule, each with its own targets, health check and
     * draining, and a firewall of unordered allow rules that denies everything else (AWS's Network
     * Load Balancer and security groups).
     */
    TARGET_GROUPS
}
