package io.hapair.cloud.topology;

/** Transport protocol of a rule; {@code ANY} and {@code OTHER} only appear in observed security rules. */
public enum Protocol {
    TCP,
    UDP,
    ANY,
    /** A protocol the pair never uses (ICMP, ESP, AH): a rule with it matches none of the pair's traffic. */
    OTHER
}
