package io.hapair.node.role;

/**
 * What a partner's heartbeat says about it: the inputs the state machine needs.
 *
 * @param nodeName         the partner's configured name
 * @param mode             the partner's HA mode
 * @param preferred        the partner's switch-to-preferred-server setting
 * @param activity         whether the partner answers 200 now
 * @param healthy          the partner's own health verdict
 * @param activatedAt      wall-clock millis when the partner last became active (0 when standby)
 * @param activeProbes     probes the partner answered 200 since it became active; tells the old active
 *                         node that the balancer has seen the new one
 * @param handingOver      the partner asks this node to take over (switchover away or shutdown)
 * @param claiming         the partner asks to become active (switchover towards it)
 * @param yielded          a master that stands back after an operator switchover under prefer-master
 * @param softwareVersion  the partner's software version
 * @param checkPort        the partner's health-check port; must equal ours
 * @param maintenance      the partner is in maintenance: it answers 503 and never takes over
 * @param lostTargets      how many of the partner's self-check targets do not answer it (0 without any)
 */
public record PartnerReport(
        String nodeName,
        HaMode mode,
        PreferredServer preferred,
        Activity activity,
        boolean healthy,
        long activatedAt,
        long activeProbes,
        boolean handingOver,
        boolean claiming,
        boolean yielded,
        String softwareVersion,
        int checkPort,
        boolean maintenance,
        int lostTargets) {

    public boolean active() {
        return activity == Activity.ACTIVE;
    }
}
