package io.hapair.node.config;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The addresses the cloud balancer probes from (key probe-sources): only a request from one of them
 * counts as "the balancer has seen this node" for the Unconnected display and handovers. Anyone else
 * still gets the 200 or 503 answer, so an operator's curl shows what the balancer sees without
 * taking part in a handover.
 *
 * @param any      every source counts (the key's value {@code any})
 * @param prefixes the networks that count, a single address as a /32 or /128
 */
public record ProbeSources(boolean any, List<IpPrefix> prefixes) {

    /** Azure's health probes come from this one virtual address (the AzureLoadBalancer service tag). */
    public static final String AZURE = "168.63.129.16";
    public static final String ANY = "any";

    public ProbeSources {
        prefixes = List.copyOf(prefixes);
    }

    /**
     * Reads {@code any} or a comma-separated list of addresses and CIDR networks; empty when some
     * entry is neither (or the list is empty).
     */
    public static Optional<ProbeSources> parse(String text) {
        if (text.trim().equals(ANY)) {
            return Optional.of(new ProbeSources(true, List.of()));
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            Optional<IpPrefix> prefix = e.contains("/") ? IpPrefix.parse(e)
                    : IpAddress.parse(e).map(a -> new IpPrefix(a, a.isIpv6() ? 128 : 32));
            if (prefix.isEmpty()) {
                return Optional.empty();
            }
            prefixes.add(prefix.get());
        }
        return Optional.of(new ProbeSources(false, prefixes));
    }

    /** Whether a request from {@code source} (an address literal as the socket reports it) counts as a probe. */
    public boolean counts(String source) {
        if (any) {
            return true;
        }
        Optional<IpAddress> address = IpAddress.parse(source);
        return address.isPresent() && prefixes.stream().anyMatch(p -> p.contains(address.get()));
    }

    @Override
    public String toString() {
        return any ? ANY : prefixes.stream().map(IpPrefix::toString).collect(Collectors.joining(", "));
    }
}
