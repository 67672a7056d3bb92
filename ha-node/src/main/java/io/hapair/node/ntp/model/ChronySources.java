package io.hapair.node.ntp.model;

import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.NtpServer;
import io.hapair.node.settings.SettingsType;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The stored NTP servers as a chrony sources file (chrony.conf(5), {@code sourcedir}): one
 * {@code server HOST iburst} line per server, {@code prefer} added where the operator set it. Sorted by host, so
 * that both nodes render the same text whatever order their stores list the servers in.
 */
public final class ChronySources {

    /** The first line of every rendering: what an operator who opens the file needs to know. */
    public static final String HEADER = "# Written by hanode from the pair's NTP servers (/api/v1/ntp-servers);"
            + " changes made here are overwritten.\n";

    // What the settings rules let through (an IP address or a DNS name). chronyd reads the file as root, before it
    // drops privileges: a host that could carry a space or a line break would add directives of its own.
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z.:-]+");

    private ChronySources() {
    }

    /** The file's text; with no servers, the header alone (chrony then keeps the sources of its own configuration). */
    public static String render(List<NtpServer> servers) {
        StringBuilder out = new StringBuilder(HEADER);
        servers.stream().sorted(Comparator.comparing(NtpServer::host)).forEach(server -> {
            if (!HOST.matcher(server.host()).matches()) {
                throw new IllegalArgumentException("NTP server '" + server.host() + "' is neither an IP address nor a"
                        + " host name; it cannot go into chrony's configuration");
            }
            out.append("server ").append(server.host()).append(" iburst");
            if (server.prefer()) {
                out.append(" prefer");
            }
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * The sources chronyd has, by the names they were given (the output of {@code chronyc -c -N sources}: one CSV
     * line per source, its name third).
     */
    public static Set<String> names(String csv) {
        Set<String> names = new TreeSet<>();
        csv.lines().map(line -> line.split(",", -1)).filter(fields -> fields.length > 2)
                .forEach(fields -> names.add(fields[2]));
        return names;
    }

    /** Each stored server beside whether chronyd has it as a source ({@link #names}). */
    public static List<HostReading> readings(List<NtpServer> stored, Set<String> sources, String source) {
        return stored.stream().sorted(Comparator.comparing(NtpServer::host))
                .map(server -> new HostReading(SettingsType.NTP_SERVERS.apiPath(), server.host(), server.host(),
                        sources.contains(server.host()) ? server.host() : null, source))
                .toList();
    }
}
