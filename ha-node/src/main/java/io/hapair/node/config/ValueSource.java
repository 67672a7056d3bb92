package io.hapair.node.config;

/** Where one configuration value came from, so that errors, the API and the UI can say so. */
public record ValueSource(Kind kind, String name) {

    /** The layers of {@link ConfigLoader}, weakest first: a later one wins. */
    public enum Kind {
        DEFAULT("default"),
        CONFIG_FILE("config-file"),
        SAVED("saved"),
        ENVIRONMENT("environment"),
        FLAG("flag");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        /** The spelling in the API. */
        public String token() {
            return token;
        }
    }

    public static final ValueSource DEFAULT = new ValueSource(Kind.DEFAULT, "default");

    /** A flag or an environment variable: set again at every start, so it wins over values saved through the API. */
    public boolean fromCommandLineOrEnvironment() {
        return kind == Kind.FLAG || kind == Kind.ENVIRONMENT;
    }

    /** As operators read it: "flag --partner", "environment variable HANODE_PARTNER", the file's path, ... */
    @Override
    public String toString() {
        return name;
    }
}
