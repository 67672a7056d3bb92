package io.hapair.geo;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks one answer among healthy candidates by an FQDN's selection criterion. One address per
 * answer, as GEO load balancers do: a resolver that got several would spread clients by its own
 * rules, not ours.
 *
 * <p>{@code turn} is how many times the FQDN has been answered before; the caller keeps the counter,
 * so selection is a pure function and tests can replay any sequence.
 */
public final class Selector {

    private Selector() {
    }

    public static Optional<Candidate> pick(GeoFqdn.Selection selection, List<Candidate> candidates, long turn,
                                           GeoLocation client) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (selection) {
            case ROUND_ROBIN -> roundRobin(candidates, turn);
            case WEIGHTED_ROUND_ROBIN -> weightedRoundRobin(candidates, turn);
            case FIXED_WEIGHTING -> fixedWeighting(candidates);
            case PROXIMITY -> nearest(candidates, client);
        });
    }

    private static Candidate roundRobin(List<Candidate> candidates, long turn) {
        return candidates.get((int) Math.floorMod(turn, (long) candidates.size()));
    }

    /** Each candidate answers {@code weight} turns out of every {@code total} in a row, in operator order. */
    private static Candidate weightedRoundRobin(List<Candidate> candidates, long turn) {
        long total = 0;
        for (Candidate candidate : candidates) {
            total += candidate.weight();
        }
        if (total == 0) {
            // All weights 0: an equal share beats answering nothing while sites are up.
            return roundRobin(candidates, turn);
        }
        long slot = Math.floorMod(turn, total);
        for (Candidate candidate : candidates) {
            slot -= candidate.weight();
            if (slot < 0) {
                return candidate;
            }
        }
        throw new AssertionError("slot " + slot + " beyond total weight " + total);
    }

    /** The highest weight wins; on a tie the operator's order decides (the first listed). */
    private static Candidate fixedWeighting(List<Candidate> candidates) {
        Candidate best = candidates.get(0);
        for (Candidate candidate : candidates) {
            if (candidate.weight() > best.weight()) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * The candidate nearest the client; candidates of unknown place rank after every located one.
     * An unlocated client gets the first listed, the operator's preferred site.
     */
    private static Candidate nearest(List<Candidate> candidates, GeoLocation client) {
        if (!located(client)) {
            return candidates.get(0);
        }
        return candidates.stream()
                .min(Comparator.comparingDouble(c -> located(c.location())
                        ? GreatCircle.kilometres(client, c.location()) : Double.MAX_VALUE))
                .orElseThrow();
    }

    private static boolean located(GeoLocation location) {
        return location != null && location.latitude() != null && location.longitude() != null;
    }
}
