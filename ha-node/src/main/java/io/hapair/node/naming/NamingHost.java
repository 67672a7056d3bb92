package io.hapair.node.naming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the node gives the host its name and its resolver.
 *
 * @param hostnameCommand the command that sets the host name, given the name as one more argument: systemd's
 *                        {@code hostnamectl set-hostname} on a host, {@code hostname} in a test's UTS namespace
 * @param resolvConf      the resolver's file the name servers and the domain go to
 */
public record NamingHost(List<String> hostnameCommand, Path resolvConf) {

    /** Where the kernel keeps the host name of the node's UTS namespace (what gethostname(2) returns). */
    static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /**
     * The host name of the node's UTS namespace, as the kernel has it: read, never resolved (a name the resolver does
     * not know would cost a DNS round, or its timeout, each time).
     */
    public static String hostname() throws IOException {
        return Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
    }

    public NamingHost {
        hostnameCommand = List.copyOf(hostnameCommand);
    }

    /** The command line that sets the host name to {@code name}. */
    List<String> setHostname(String name) {
        List<String> command = new ArrayList<>(hostnameCommand);
        command.add(name);
        return command;
    }
}
