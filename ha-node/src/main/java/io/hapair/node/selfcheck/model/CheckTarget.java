package io.hapair.node.selfcheck.model;

import io.hapair.geo.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One reachability target of the self-check, as the {@code self-check} key names it: {@code icmp:ADDRESS}
 * (one ping), {@code tcp:ADDRESS:PORT} (a TCP connect; an IPv6 address in brackets, {@code tcp:[fd00::9]:443})
 * or {@code gateway} (one ping to the IPv4 default gateway, read when checked).
 *
 * @param address the address literal; null for the gateway
 * @param port    the TCP port; 0 unless TCP
 */
public record CheckTarget(Kind kind, String address, int port) {

    /** How a target is checked. */
    public enum Kind {
        ICMP,
        TCP,
        GATEWAY
    }

    /**
     * At most this many targets: each check runs in a worker thread or a connection of its own every interval,
     * and a handful of addresses (gateway, a real server or two, an upstream) is what the rule needs.
     */
    public static final int MAX_TARGETS = 8;

    static final String FORMS = "gateway, icmp:ADDRESS or tcp:ADDRESS:PORT (tcp:[IPv6]:PORT)";

    /** The entry as the configuration spells it, canonical: the target's name in status, logs and metrics. */
    public String key() {
        return switch (kind) {
            case GATEWAY -> "gateway";
            case ICMP -> "icmp:" + address;
            case TCP -> "tcp:" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        };
    }

    /**
     * Reads a comma-separated list of targets; an empty text is an empty list (the self-check is off).
     *
     * @throws IllegalArgumentException naming the first bad entry and the forms that are accepted
     */
    public static List<CheckTarget> parseList(String text) {
        List<CheckTarget> targets = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return targets;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : text.split(",", -1)) {
            CheckTarget target = parse(entry.strip());
            if (!seen.add(target.key())) {
                throw new IllegalArgumentException("lists " + target.key() + " twice; name each target once");
            }
            targets.add(target);
        }
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("lists " + targets.size() + " targets; at most " + MAX_TARGETS
                    + " are checked (each costs a check every interval)");
        }
        return targets;
    }

    /** Reads one entry; throws naming the entry and the accepted forms. */
    static CheckTarget parse(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (lower.equals("gateway")) {
            return new CheckTarget(Kind.GATEWAY, null, 0);
        }
        if (lower.startsWith("icmp:")) {
            return new CheckTarget(Kind.ICMP, address(entry, entry.substring(5)), 0);
        }
        if (lower.startsWith("tcp:")) {
            String rest = entry.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw bad(entry, "has no port");
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw bad(entry, "has an IPv6 address without brackets");
            }
            return new CheckTarget(Kind.TCP, address(entry, host), port(entry, rest.substring(colon + 1)));
        }
        throw bad(entry, "is no target");
    }

    private static String address(String entry, String text) {
        return IpAddress.parse(text).map(a -> IpAddress.canonical(text))
                .orElseThrow(() -> bad(entry, "has no IPv4 or IPv6 address ('" + text + "'; names are not resolved)"));
    }

    private static int port(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(entry, "has no port from 1 to 65535 ('" + text + "')");
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("entry '" + entry + "' " + why + "; use " + FORMS);
    }
}
