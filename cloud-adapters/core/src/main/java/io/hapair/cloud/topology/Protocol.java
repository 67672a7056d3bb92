package io.hapair.cloud.topology;

/** Transport protocol of a rule; {@code ANY} only appears in security rules. */
public enum Protocol {
    TCP,
    UDP,
    ANY
}
