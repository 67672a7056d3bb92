package io.hapair.node.capture.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tcpdump command lines of a capture (tcpdump(8)), each one argument per word and no shell: the filter is one
 * argument after {@code --}, so nothing in it is ever read as an option or by a shell.
 */
public final class TcpdumpCommand {

    private static final Pattern CAPTURED = Pattern.compile("(?m)^(\\d+) packets? captured$");

    private TcpdumpCommand() {
    }

    /** Compiles the filter for the interface and prints the program ({@code -d}): refused when it does not compile. */
    public static List<String> check(String program, CaptureRequest request) {
        return withFilter(new ArrayList<>(List.of(program, "-d", "-i", request.interfaceName())), request);
    }

    /**
     * The capture: the pcap file on standard output ({@code -w -}), each packet written as it comes ({@code -U},
     * {@code --immediate-mode}), no name lookups ({@code -n}), ending by itself after the packet limit ({@code -c});
     * the time and size limits are the node's to enforce. A pipe rather than a file: run as root, tcpdump opens its
     * file as its own user, and the AppArmor profile Debian and Ubuntu ship for it limits where it may write.
     */
    public static List<String> capture(String program, CaptureRequest request) {
        return withFilter(new ArrayList<>(List.of(program, "-i", request.interfaceName(), "-n", "-U", "--immediate-mode",
                "-w", "-", "-c", Integer.toString(request.packets()))), request);
    }

    /** The count tcpdump prints on its standard error when it ends ("3 packets captured"), if it did. */
    public static OptionalInt packetsCaptured(String errors) {
        Matcher m = CAPTURED.matcher(errors);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static List<String> withFilter(List<String> argv, CaptureRequest request) {
        if (!request.filter().isEmpty()) {
            argv.add("--");
            argv.add(request.filter());
        }
        return List.copyOf(argv);
    }
}
