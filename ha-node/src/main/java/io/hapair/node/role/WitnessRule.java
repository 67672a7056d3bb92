package io.hapair.node.role;

/**
 * The witness rule: with a witness configured, a node whose partner is silent may be (or become)
 * active only while it holds the witness lease. Two nodes alone cannot tell a dead partner from a cut
 * peer link; the lease, which only one of them can hold, breaks the tie. While the partner is heard
 * the witness is not asked: the pair decides as without one.
 */
final class WitnessRule {

    private WitnessRule() {
    }

    /**
     * The verdict for a silent partner: {@code alone} (what the node would do without a witness),
     * kept only while the lease is held. {@code witness} is null when no witness is configured.
     */
    static Verdict partnerSilent(Verdict alone, WitnessState witness, Activity activity, long now) {
        if (witness == null || !alone.entitled() || witness.held(now)) {
            return alone;
        }
        String why = witness.reachable() ? "the witness lease is held elsewhere (" + witness.detail() + ")"
                : "the witness cannot be reached (" + witness.detail() + ")";
        return activity == Activity.ACTIVE
                ? Verdict.standby(TransitionReason.WITNESS_LOST, "partner is silent and this node could not renew"
                        + " its witness lease before it ran out: stepping down, the partner may hold it now; " + why)
                : Verdict.standby(TransitionReason.WITNESS_NOT_HELD, "partner is silent but this node does not hold"
                        + " the witness lease: not taking over; " + why);
    }

    /**
     * Whether this node should hold the lease: while active (so that a partner cut off from it cannot
     * take it) and while its partner is silent (to take over if it holds it). A standby node whose
     * partner is heard lets it go, so that the active node can take it, and so does a standby node that
     * will not take over anyway (shutting down, in maintenance): held by it, the lease would keep a
     * partner cut off from it from serving.
     */
    static boolean wanted(Activity activity, boolean partnerHeard, boolean willNotTakeOver) {
        return activity == Activity.ACTIVE || (!partnerHeard && !willNotTakeOver);
    }
}
