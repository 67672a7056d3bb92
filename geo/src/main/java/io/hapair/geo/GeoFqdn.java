package io.hapair.geo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * A name answered by GEO DNS with the address of a healthy mapping.
 *
 * @param fqdn the name, stored in lower case without a trailing dot because DNS names compare
 *     case-insensitively and {@code a.example.} is {@code a.example}
 * @param selection how an answer is chosen among the healthy, enabled mappings
 * @param ttlSeconds the TTL of every answer
 * @param mappings the candidates, in the order the operator gave them (fixed weighting uses it)
 * @param lastResort what to answer when no mapping is healthy: a cluster name or an address;
 *     absent (null) means answer nothing, so that resolvers try the next name server
 */
public record GeoFqdn(String fqdn, Selection selection, Integer ttlSeconds, List<GeoMapping> mappings,
                      String lastResort) {

    // Ten seconds: short, so that resolvers stop using a failed cluster soon after GEO stops naming it.
    public static final int DEFAULT_TTL_SECONDS = 10;

    public enum Selection {
        @JsonProperty("round-robin") ROUND_ROBIN,
        @JsonProperty("weighted-round-robin") WEIGHTED_ROUND_ROBIN,
        @JsonProperty("fixed-weighting") FIXED_WEIGHTING,
        @JsonProperty("proximity") PROXIMITY
    }

    public GeoFqdn {
        fqdn = fqdn == null ? null : withoutTrailingDot(fqdn.toLowerCase(Locale.ROOT));
        // Round robin is the one criterion that needs neither weights nor cluster locations.
        selection = selection == null ? Selection.ROUND_ROBIN : selection;
        ttlSeconds = ttlSeconds == null ? DEFAULT_TTL_SECONDS : ttlSeconds;
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        lastResort = IpAddress.canonical(lastResort);
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
