package io.hapair.node.dataplane.model;

/** A real server's state as HAProxy's statistics show it, without the transitions' detail. */
public enum ServerStatus {
    /** Takes connections (including "UP 1/2": failing, not yet taken out; and "no check"). */
    UP,
    /** Failed its checks (including "DOWN 1/2": passing again, not yet taken back). */
    DOWN,
    /** Disabled: takes no new connections. */
    MAINT,
    /** Drained: keeps its connections, takes no new ones. */
    DRAIN;

    /** The status of HAProxy's {@code status} column; anything unknown counts as DOWN, the safe reading. */
    public static ServerStatus of(String text) {
        String first = text.strip().split(" ", 2)[0];
        return switch (first) {
            case "UP", "no" -> UP;
            case "MAINT" -> MAINT;
            case "DRAIN", "NOLB" -> DRAIN;
            default -> DOWN;
        };
    }
}
