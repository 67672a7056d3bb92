package io.hapair.cloud.topology;

/**
 * Transport protocol of a rule. {@code ANY} is a security rule for every protocol, or a balancing
 * rule for TCP and UDP on one port (an NLB's TCP_UDP listener); {@code OTHER} only appears in
 * observed security rules.
 */
public enum Protocol {
    TCP,
    UDP,
    ANY,
    /** A protocol the pair never uses (ICMP, ESP, AH): a rule with it matches none of the pair's traffic. */
    OTHER
}
