package io.hapair.node.role;

/** The configured HA mode of a node, fixed for the node's life. */
public enum HaMode {
    MASTER("master", "Master"),
    SLAVE("slave", "Slave"),
    /** HA off: the node serves alone and has no partner. */
    NONE("none", "Standalone");

    private final String key;
    private final String display;

    HaMode(String key, String display) {
        this.key = key;
        this.display = display;
    }

    /** The spelling used in configuration files, flags and the API. */
    public String key() {
        return key;
    }

    public String display() {
        return display;
    }

    public boolean haEnabled() {
        return this != NONE;
    }

    public static HaMode fromKey(String key) {
        for (HaMode mode : values()) {
            if (mode.key.equalsIgnoreCase(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(key);
    }
}
