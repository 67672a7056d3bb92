package io.hapair.node.netconf.model;

import java.util.List;

/**
 * One command of a {@link NetworkPlan}: a host tool and its arguments, without the program itself, which the
 * shell supplies (the node's configured {@code ip}, or {@code ip -n NAMESPACE} in tests).
 *
 * @param program the tool
 * @param args    its arguments, such as {@code addr add 10.0.1.5/24 dev eth0}
 */
public record Command(Program program, List<String> args) {

    /** The host tools the node drives. */
    public enum Program {
        /** iproute2's ip. */
        IP,
        /** ethtool, for speed and duplex (iproute2 has no say there). */
        ETHTOOL
    }

    public Command {
        args = List.copyOf(args);
    }

    static Command ip(String... args) {
        return new Command(Program.IP, List.of(args));
    }

    static Command ethtool(String... args) {
        return new Command(Program.ETHTOOL, List.of(args));
    }

    /** As an operator would type it, such as {@code ip addr add 10.0.1.5/24 dev eth0}. */
    @Override
    public String toString() {
        return program.name().toLowerCase() + " " + String.join(" ", args);
    }
}
