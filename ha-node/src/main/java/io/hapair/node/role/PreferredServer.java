package io.hapair.node.role;

/** "Switch to preferred server": whether the master preempts the slave when it is up and healthy. */
public enum PreferredServer {
    /** The master is active whenever it is up and healthy; when it returns it takes over again. */
    PREFER_MASTER("prefer-master"),
    /** No preemption: whoever is active stays active; the other takes over only on failure. */
    NONE("none");

    private final String key;

    PreferredServer(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static PreferredServer fromKey(String key) {
        for (PreferredServer p : values()) {
            if (p.key.equalsIgnoreCase(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(key);
    }
}
