package io.hapair.cloud.diagnose;

/**
 * One misconfiguration that makes cloud HA fail, with what to do about it. A {@code WARNING} is a
 * cloud behaviour the operator must keep in mind; it is printed but is not a problem found.
 */
public record Finding(Check check, String subject, String problem, String fix, Severity severity) {

    /** The kinds of misconfiguration diagnostics look for. */
    public enum Check {
        CHECK_RULE_MISSING,
        RULE_WITHOUT_PROBE,
        PROBE_NOT_HTTP,
        PROBE_WRONG_PORT,
        PROBE_WRONG_PATH,
        PROBE_WRONG_SUCCESS_CODES,
        PROBE_TOO_SLOW,
        PROBE_COUNT_DIFFERS,
        NODE_NOT_IN_POOL,
        NAT_RULE_MISSING,
        NAT_RULE_WRONG,
        FLOATING_IP_ON,
        PROBE_BLOCKED,
        PEER_PORT_BLOCKED,
        CHECK_PORTS_DIFFER,
        FAILS_OPEN,
        VIRTUAL_SERVICE_NOT_BALANCED,
        VIRTUAL_SERVICE_BLOCKED,
        SNMP_BLOCKED,
        SNMP_NOT_ADMITTED
    }

    /** Whether diagnose counts a finding as a problem. */
    public enum Severity { PROBLEM, WARNING }

    /** A problem: something is wired wrong. */
    public Finding(Check check, String subject, String problem, String fix) {
        this(check, subject, problem, fix, Severity.PROBLEM);
    }

    @Override
    public String toString() {
        return (severity == Severity.WARNING ? "warning: " : "") + subject + ": " + problem + "\n    fix: " + fix;
    }
}
