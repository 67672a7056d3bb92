package io.hapair.geo.plan;

import java.util.List;

/**
 * The GEO units an operator runs: HA pairs (two nodes, one GEO address: the master's) and standalone
 * units. Read by {@code hanode geo plan} from YAML; plain values so that the planner stays pure.
 */
public record GeoTopology(List<Pair> pairs, List<Standalone> standalones) {

    public GeoTopology {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        standalones = standalones == null ? List.of() : List.copyOf(standalones);
    }

    /** An HA pair; its GEO address is the master's, the one other units and the GEO rewrite start from. */
    public record Pair(String name, String master, String slave) {
    }

    public record Standalone(String name, String address) {
    }
}
