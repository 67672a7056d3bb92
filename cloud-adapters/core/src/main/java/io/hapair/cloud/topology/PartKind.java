package io.hapair.cloud.topology;

/** The kinds of cloud parts a pair needs, in the order a plan lists them. */
public enum PartKind {
    BACKEND_POOL("backend pool"),
    HEALTH_PROBE("health probe"),
    BALANCING_RULE("load-balancing rule"),
    NAT_RULE("NAT rule"),
    SECURITY_RULE("security rule");

    private final String label;

    PartKind(String label) {
        this.label = label;
    }

    /** Human wording for plans and reports, e.g. "health probe". */
    public String label() {
        return label;
    }
}
