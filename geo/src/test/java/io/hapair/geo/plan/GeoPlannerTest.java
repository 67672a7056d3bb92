package io.hapair.geo.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.geo.plan.GeoTopology.Pair;
import io.hapair.geo.plan.GeoTopology.Standalone;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeoPlannerTest {

    private static final Pair PAIR_A = new Pair("pair-a", "172.24.1.5", "172.24.1.6");
    private static final Pair PAIR_B = new Pair("pair-b", "172.24.1.7", "172.24.1.8");
    private static final Standalone UNIT_C = new Standalone("unit-c", "172.24.1.9");
    private static final Standalone UNIT_D = new Standalone("unit-d", "172.24.1.10");

    static Stream<Arguments> topologies() {
        return Stream.of(
                Arguments.of("one HA pair", new GeoTopology(List.of(PAIR_A), null), List.of(
                        plan("pair-a", ".5 .6", ".5", ""))),
                Arguments.of("two HA pairs", new GeoTopology(List.of(PAIR_A, PAIR_B), null), List.of(
                        plan("pair-a", ".5 .6", ".5 .7 .8", ".7 .8"),
                        plan("pair-b", ".7 .8", ".7 .5 .6", ".5 .6"))),
                Arguments.of("an HA pair and a standalone", new GeoTopology(List.of(PAIR_A), List.of(UNIT_C)), List.of(
                        plan("pair-a", ".5 .6", ".5 .9", ".9"),
                        plan("unit-c", ".9", ".9 .5 .6", ".5 .6"))),
                Arguments.of("two HA pairs and two standalones",
                        new GeoTopology(List.of(PAIR_A, PAIR_B), List.of(UNIT_C, UNIT_D)), List.of(
                        plan("pair-a", ".5 .6", ".5 .7 .8 .9 .10", ".7 .8 .9 .10"),
                        plan("pair-b", ".7 .8", ".7 .5 .6 .9 .10", ".5 .6 .9 .10"),
                        plan("unit-c", ".9", ".9 .5 .6 .7 .8 .10", ".5 .6 .7 .8 .10"),
                        plan("unit-d", ".10", ".10 .5 .6 .7 .8 .9", ".5 .6 .7 .8 .9"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void plansTheFourTopologiesOperatorsMeet(String topologyName, GeoTopology topology, List<UnitPlan> golden) {
        assertThat(GeoPlanner.plan(topology)).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void everyUnitFollowsTheStatedRule(String topologyName, GeoTopology topology, List<UnitPlan> golden) {
        Map<String, String> masters = new java.util.HashMap<>();
        topology.pairs().forEach(p -> masters.put(p.name(), p.master()));
        Set<String> all = new HashSet<>();
        topology.pairs().forEach(p -> all.addAll(List.of(p.master(), p.slave())));
        topology.standalones().forEach(s -> all.add(s.address()));

        for (UnitPlan unit : GeoPlanner.plan(topology)) {
            Set<String> others = new HashSet<>(all);
            unit.addresses().forEach(others::remove);
            String geoAddress = masters.getOrDefault(unit.name(), unit.addresses().get(0));

            assertThat(unit.geoPartners()).as(unit.name() + " partners").containsExactlyInAnyOrderElementsOf(others);
            Set<String> expectedAccess = new HashSet<>(others);
            expectedAccess.add(geoAddress);
            assertThat(unit.remoteGeoAccess()).as(unit.name() + " access").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expectedAccess);
            if (unit.addresses().size() == 2) {
                assertThat(unit.remoteGeoAccess()).as("a pair's own slave is never in its access list")
                        .doesNotContain(unit.addresses().get(1));
            }
        }
    }

    @Test
    void aBadTopologyIsRefusedWithEveryProblemNamingItsFieldAndTheFix() {
        GeoTopology bad = new GeoTopology(List.of(new Pair("pair-a", "172.24.1.5", "172.24.1.300"),
                new Pair(null, "172.24.1.5", "172.24.1.8")), List.of(new Standalone("unit-c", null)));

        assertThatThrownBy(() -> GeoPlanner.plan(bad))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.problems()).containsExactly(
                        "pairs[0].slave: '172.24.1.300' is not an IP address; give an IPv4 or IPv6 address such as"
                                + " 172.24.1.5",
                        "pairs[1].name: missing; give the unit a name such as site-a",
                        "pairs[1].master: 172.24.1.5 is already pairs[0].master; every node has its own address",
                        "standalone[0].address: missing; give an IPv4 or IPv6 address such as 172.24.1.5"));
    }

    @Test
    void anEmptyTopologyIsRefused() {
        assertThatThrownBy(() -> GeoPlanner.plan(new GeoTopology(null, null)))
                .hasMessageContaining("the topology has no units");
    }

    /** A golden plan, addresses written as the last octet of 172.24.1.x. */
    private static UnitPlan plan(String name, String addresses, String access, String partners) {
        return new UnitPlan(name, octets(addresses), octets(access), octets(partners));
    }

    private static List<String> octets(String spaced) {
        return spaced.isBlank() ? List.of()
                : Stream.of(spaced.split(" ")).map(o -> "172.24.1" + o).toList();
    }
}
