package io.hapair.node.capture.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One packet capture as the operator asked for it: on which interface, which packets (a tcpdump filter
 * expression, pcap-filter(7); empty for all), and its three bounds, whichever is reached first ending it.
 *
 * @param seconds how long it runs at most
 * @param packets how many packets it keeps at most
 * @param kib     how large its file grows at most, in KiB
 */
public record CaptureRequest(@JsonProperty("interface") String interfaceName, String filter, int seconds, int packets, int kib) {

    // 30 s, 1,000 packets, 10 MiB: enough to see a handshake or a few requests go wrong, small enough to open anywhere.
    public static final int DEFAULT_SECONDS = 30;
    public static final int DEFAULT_PACKETS = 1_000;
    public static final int DEFAULT_KIB = 10 * 1024;
    // 10 min, a million packets, 100 MiB: the file lives in the data directory, beside the settings store, and a
    // capture left running must neither fill that disk nor outlast the operator's attention.
    public static final int MAX_SECONDS = 600;
    public static final int MAX_PACKETS = 1_000_000;
    public static final int MAX_KIB = 100 * 1024;
    // tcpdump's own limit on an expression is far larger; a filter an operator types is a line.
    public static final int MAX_FILTER = 1_000;
    /** tcpdump's pseudo-interface for all interfaces at once. */
    public static final String ANY = "any";

    // Linux: at most 15 characters (IFNAMSIZ less the NUL); never starting with '-', which tcpdump would read as an option.
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** One wrong field of a request, and what to give instead. */
    public record Problem(String field, String message) {
    }

    /** A request that passed its checks, or the problems of one that did not. */
    public record Checked(CaptureRequest request, List<Problem> problems) {
    }

    /**
     * Checks a request's fields as they came (JSON values: null where absent, else what the client sent).
     *
     * @param hostInterfaces the host's interfaces now: a capture names one of them, or {@value #ANY}
     */
    public static Checked check(Object interfaceName, Object filter, Object seconds, Object packets, Object kib,
                                Set<String> hostInterfaces) {
        List<Problem> problems = new ArrayList<>();
        String iface = null;
        if (!(interfaceName instanceof String name) || name.isEmpty()) {
            problems.add(new Problem("interface", "required: give the interface to capture on, one of "
                    + shown(hostInterfaces) + ", or " + ANY + " for all"));
        } else if (!name.equals(ANY) && (!INTERFACE.matcher(name).matches() || !hostInterfaces.contains(name))) {
            problems.add(new Problem("interface", "'" + name + "' is no interface of this node; give one of "
                    + shown(hostInterfaces) + ", or " + ANY + " for all"));
        } else {
            iface = name;
        }
        String expression = "";
        if (filter != null && !(filter instanceof String)) {
            problems.add(new Problem("filter", "give the filter as text, a tcpdump expression such as 'tcp port 443'"));
        } else if (filter != null) {
            expression = ((String) filter).strip();
            if (expression.length() > MAX_FILTER) {
                problems.add(new Problem("filter", "is " + expression.length() + " characters long; give at most "
                        + MAX_FILTER));
            } else if (CONTROL.matcher(expression).find()) {
                problems.add(new Problem("filter", "holds a control character (a line break?); give the expression on"
                        + " one line"));
            } else if (expression.startsWith("-")) {
                problems.add(new Problem("filter", "starts with '-': give a filter expression such as 'tcp port 443',"
                        + " not tcpdump options"));
            }
        }
        int s = bound(problems, "seconds", seconds, DEFAULT_SECONDS, MAX_SECONDS, "seconds");
        int p = bound(problems, "packets", packets, DEFAULT_PACKETS, MAX_PACKETS, "packets");
        int k = bound(problems, "kib", kib, DEFAULT_KIB, MAX_KIB, "KiB");
        return problems.isEmpty() ? new Checked(new CaptureRequest(iface, expression, s, p, k), List.of())
                : new Checked(null, List.copyOf(problems));
    }

    private static int bound(List<Problem> problems, String field, Object value, int otherwise, int max, String unit) {
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Integer n) || n < 1 || n > max) {
            problems.add(new Problem(field, value + " is out of range; give a whole number of " + unit + " from 1 to "
                    + max + " (leave it out for " + otherwise + ")"));
            return otherwise;
        }
        return n;
    }

    private static String shown(Set<String> interfaces) {
        return interfaces.isEmpty() ? "(none found)" : String.join(", ", new TreeSet<>(interfaces));
    }
}
