package io.hapair.node.role;

/**
 * Whether this node should be active, the rule that says so, and that rule's detail for people
 * (together the transition reason).
 */
public record Verdict(boolean entitled, TransitionReason reason, String why) {

    static Verdict active(TransitionReason reason, String why) {
        return new Verdict(true, reason, why);
    }

    static Verdict standby(TransitionReason reason, String why) {
        return new Verdict(false, reason, why);
    }
}
