package io.hapair.cloud.diagnose;

/** One misconfiguration that makes cloud HA fail, with what to do about it. */
public record Finding(Check check, String subject, String problem, String fix) {

    /** The kinds of misconfiguration diagnostics look for. */
    public enum Check {
        CHECK_RULE_MISSING,
        RULE_WITHOUT_PROBE,
        PROBE_NOT_HTTP,
        PROBE_WRONG_PORT,
        PROBE_WRONG_PATH,
        NODE_NOT_IN_POOL,
        NAT_RULE_MISSING,
        NAT_RULE_WRONG,
        FLOATING_IP_ON,
        PROBE_BLOCKED,
        PEER_PORT_BLOCKED,
        CHECK_PORTS_DIFFER
    }

    @Override
    public String toString() {
        return subject + ": " + problem + "\n    fix: " + fix;
    }
}
