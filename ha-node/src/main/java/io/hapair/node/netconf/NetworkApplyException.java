package io.hapair.node.netconf;

/**
 * A host tool ({@code ip} or {@code ethtool}) refused a command or could not be run. Its message names the command
 * as run and what the tool printed on stderr; when it ends a network change, the commands before it have run.
 */
public final class NetworkApplyException extends Exception {

    private final String command;
    private final String stderr;

    NetworkApplyException(String command, String stderr, String message) {
        super(message);
        this.command = command;
        this.stderr = stderr;
    }

    /** The command as it was run, such as {@code ip addr add 10.0.1.5/24 dev eth0}. */
    public String command() {
        return command;
    }

    /** What the tool printed on stderr (empty when it could not be started). */
    public String stderr() {
        return stderr;
    }
}
