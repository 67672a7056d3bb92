package io.hapair.geo.plan;

import io.hapair.geo.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives every unit's remote GEO access and GEO partners lists from a topology, by one rule:
 * <ul>
 *   <li>access list: the unit's own GEO address (for an HA pair, its master's) and every address of
 *       every other pair and standalone unit;</li>
 *   <li>partners list: every address outside the unit's own pair (or, for a standalone, but its own).</li>
 * </ul>
 * Both nodes of another pair are listed because either may be the one asking or sending, depending on
 * which is active. Addresses keep topology order: pairs first (master, slave), then standalones.
 */
public final class GeoPlanner {

    public static final String RULE = "remote GEO access = the unit's own GEO address (an HA pair's master)"
            + " + every address of every other unit; GEO partners = every address outside the unit";

    private GeoPlanner() {
    }

    /** The plan of every unit, pairs first, in topology order; throws {@link TopologyException} listing every problem. */
    public static List<UnitPlan> plan(GeoTopology topology) {
        List<Unit> units = units(topology);
        List<UnitPlan> plans = new ArrayList<>();
        for (Unit unit : units) {
            Set<String> others = new LinkedHashSet<>();
            units.stream().filter(u -> u != unit).forEach(u -> others.addAll(u.addresses()));
            List<String> access = new ArrayList<>();
            access.add(unit.addresses().get(0));
            access.addAll(others);
            plans.add(new UnitPlan(unit.name(), unit.addresses(), access, List.copyOf(others)));
        }
        return plans;
    }

    private record Unit(String name, List<String> addresses) {
    }

    private static List<Unit> units(GeoTopology topology) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < topology.pairs().size(); i++) {
            GeoTopology.Pair pair = topology.pairs().get(i);
            String at = "pairs[" + i + "]";
            String name = name(pair.name(), at, problems);
            // Arrays.asList: a missing address stays null until the problems are thrown below.
            units.add(new Unit(name, Arrays.asList(
                    address(pair.master(), at + ".master", seen, problems),
                    address(pair.slave(), at + ".slave", seen, problems))));
        }
        for (int i = 0; i < topology.standalones().size(); i++) {
            GeoTopology.Standalone unit = topology.standalones().get(i);
            String at = "standalone[" + i + "]";
            units.add(new Unit(name(unit.name(), at, problems),
                    Arrays.asList(address(unit.address(), at + ".address", seen, problems))));
        }
        if (units.isEmpty()) {
            problems.add("the topology has no units; list HA pairs under 'pairs' (name, master, slave)"
                    + " and standalone units under 'standalone' (name, address)");
        }
        if (!problems.isEmpty()) {
            throw new TopologyException(problems);
        }
        return units;
    }

    private static String name(String name, String at, List<String> problems) {
        if (name == null || name.isBlank()) {
            problems.add(at + ".name: missing; give the unit a name such as site-a");
        }
        return name;
    }

    private static String address(String text, String field, Map<String, String> seen, List<String> problems) {
        if (text == null || IpAddress.parse(text).isEmpty()) {
            problems.add(field + ": " + (text == null ? "missing" : "'" + text + "' is not an IP address")
                    + "; give an IPv4 or IPv6 address such as 172.24.1.5");
            return text;
        }
        String address = IpAddress.canonical(text);
        String first = seen.putIfAbsent(address, field);
        if (first != null) {
            problems.add(field + ": " + address + " is already " + first + "; every node has its own address");
        }
        return address;
    }
}
