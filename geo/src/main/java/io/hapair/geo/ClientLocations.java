package io.hapair.geo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Places a DNS client by the longest configured network that holds its address, and says how far that
 * answer reaches: the SCOPE PREFIX-LENGTH of an EDNS Client Subnet answer (RFC 7871 7.2.1), the widest
 * block around the client in which every address is placed alike, so resolvers may cache the answer for
 * the whole block and no more. A scan of every network per query: client location lists are short.
 */
public final class ClientLocations {

    /** Where a client is, or null when no network holds it, and the prefix length the answer holds for. */
    public record Located(GeoLocation location, int scope) {
    }

    private record Entry(IpPrefix network, GeoLocation location) {
    }

    private final List<Entry> entries;

    private ClientLocations(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * The networks of {@code locations}; text that is no network is skipped (validation refuses it). Taken
     * in name order, so a network that two documents list (sync may deliver such a clash) always resolves
     * to the first name.
     */
    public static ClientLocations of(Collection<GeoClientLocation> locations) {
        List<Entry> entries = new ArrayList<>();
        locations.stream().sorted(Comparator.comparing(GeoClientLocation::name)).forEach(l -> l.networks().stream()
                .map(IpPrefix::parse).flatMap(Optional::stream)
                .forEach(network -> entries.add(new Entry(network, l.location()))));
        return new ClientLocations(List.copyOf(entries));
    }

    /** Whether no network is configured, so that every client is placed nowhere, with scope 0. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * @param client the client's address, or the address of its EDNS Client Subnet
     * @param knownBits how many leading bits of {@code client} are the client's: all of them for a source
     *     address, the SOURCE PREFIX-LENGTH for a subnet; networks longer than that cannot be told apart
     *     and are ignored
     */
    public Located locate(IpAddress client, int knownBits) {
        Entry match = null;
        for (Entry entry : entries) {
            if (usable(entry, client, knownBits) && entry.network().contains(client)
                    && (match == null || entry.network().length() > match.network().length())) {
                match = entry;
            }
        }
        // The block must reach no network the client is not in: one bit past where each such network parts
        // from the client is enough. Networks outside the match part from it within the match's own prefix.
        int scope = match == null ? 0 : match.network().length();
        for (Entry entry : entries) {
            if (usable(entry, client, knownBits) && !entry.network().contains(client)) {
                scope = Math.max(scope, client.commonPrefixLength(entry.network().network()) + 1);
            }
        }
        return new Located(match == null ? null : match.location(), scope);
    }

    private static boolean usable(Entry entry, IpAddress client, int knownBits) {
        return entry.network().address().isIpv6() == client.isIpv6() && entry.network().length() <= knownBits;
    }
}
