package io.hapair.node.naming.model;

import io.hapair.geo.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The resolver's configuration file (resolv.conf(5)) as the node writes and reads it. Rendering puts the stored
 * name servers in {@code nameserver} lines, in their order, and the stored domain in a {@code search} line; what is
 * not stored is taken over from the file as it is (the host's own value, left alone), and so are its other
 * directives ({@code options}, {@code sortlist}). Comments are not: the file begins with the node's own.
 */
public final class ResolvConf {

    /** The first line of every rendering: what an operator who opens the file needs to know. */
    public static final String HEADER = "# Written by hanode from this node's name server and domain"
            + " (/api/v1/name-server, /api/v1/domain); changes made here are undone at the node's next change of them.\n";

    // What the settings rules let through (an address, a DNS name). The resolver splits lines at white space: a
    // value that carried a space or a line break would write directives of its own.
    private static final Pattern VALUE = Pattern.compile("[0-9A-Za-z.:_%-]+");
    private static final Pattern BLANK = Pattern.compile("[ \t]+");

    /**
     * What the file tells the resolver.
     *
     * @param nameServers the {@code nameserver} addresses in order, in canonical form (the resolver asks the first
     *                    three)
     * @param search      the search list, domains separated by one space, from the last {@code search} or
     *                    {@code domain} line (the last one wins); null when there is none
     */
    public record Reading(List<String> nameServers, String search) {

        public Reading {
            nameServers = List.copyOf(nameServers);
        }
    }

    private ResolvConf() {
    }

    /** Reads {@code text} as the resolver does: one keyword per line, a line beginning with # or ; is a comment. */
    public static Reading parse(String text) {
        List<String> servers = new ArrayList<>();
        String search = null;
        for (String line : text.split("\n")) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "nameserver" -> {
                    if (words.size() > 1) {
                        servers.add(IpAddress.canonical(words.get(1)));
                    }
                }
                case "search", "domain" -> search = words.size() > 1 ? String.join(" ", words.subList(1, words.size()))
                        : null;
                default -> {
                }
            }
        }
        return new Reading(servers, search);
    }

    /**
     * The file's text.
     *
     * @param nameServers the stored name servers; null when none are stored (the file's own lines stay)
     * @param domain      the stored domain; null when none is stored (the file's own search or domain line stays)
     * @param current     the file's text now; empty when there is none
     */
    public static String render(List<String> nameServers, String domain, String current) {
        List<String> ownServers = new ArrayList<>();
        List<String> ownSearch = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String line : current.split("\n")) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "nameserver" -> ownServers.add(line.strip());
                case "search", "domain" -> ownSearch.add(line.strip());
                default -> others.add(line.strip());
            }
        }
        StringBuilder out = new StringBuilder(HEADER);
        if (domain == null) {
            ownSearch.forEach(line -> out.append(line).append('\n'));
        } else {
            out.append("search ").append(checked("domain", domain)).append('\n');
        }
        if (nameServers == null) {
            ownServers.forEach(line -> out.append(line).append('\n'));
        } else {
            nameServers.forEach(server -> out.append("nameserver ").append(checked("name server", server)).append('\n'));
        }
        others.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String checked(String what, String value) {
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is neither an address nor a DNS name; it cannot"
                    + " go into resolv.conf");
        }
        return value;
    }

    /** The line's words; none for a blank line or a comment. */
    private static List<String> words(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
            return List.of();
        }
        return List.of(BLANK.split(stripped));
    }
}
