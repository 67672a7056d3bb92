package io.hapair.node.role;

/** Whether this node should be the active one, and the rule that says so (the transition reason). */
public record Verdict(boolean entitled, String why) {

    static Verdict active(String why) {
        return new Verdict(true, why);
    }

    static Verdict standby(String why) {
        return new Verdict(false, why);
    }
}
