package io.hapair.cloud.azure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArmIdTest {

    private static final String BALANCER = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/loadBalancers/ilb";

    private static boolean parses(String text) {
        return ArmId.parse(text, "S0", "RG0", ArmId.LOAD_BALANCERS).isPresent();
    }

    @Test
    void fullIdGivesItsPartsAndBuildsTheSameIdBack() {
        ArmId id = ArmId.parse(BALANCER, "other", "other", ArmId.LOAD_BALANCERS).orElseThrow();

        assertThat(id).isEqualTo(new ArmId("S", "RG", ArmId.LOAD_BALANCERS, "ilb"));
        assertThat(id.id()).isEqualTo(BALANCER);
        assertThat(id.child("probes", "p")).isEqualTo(BALANCER + "/probes/p");
    }

    @Test
    void idIsReadCaseInsensitivelyAndKeepsTheCanonicalType() {
        ArmId id = ArmId.parse("/SUBSCRIPTIONS/S/resourcegroups/RG/providers/microsoft.network/LOADBALANCERS/ilb",
            "x", "x", ArmId.LOAD_BALANCERS).orElseThrow();

        assertThat(id.id()).isEqualTo(BALANCER);
    }

    @Test
    void bareNameIsAResourceOfTheTypeInTheGivenGroup() {
        assertThat(ArmId.parse("ilb", "S", "RG", ArmId.LOAD_BALANCERS).orElseThrow().id()).isEqualTo(BALANCER);
    }

    @Test
    void anythingButATopLevelNetworkResourceOfTheTypeIsRejected() {
        assertThat(parses("")).isFalse();
        assertThat(parses("rg/ilb")).isFalse();
        assertThat(parses("/")).isFalse();
        assertThat(parses("/subscriptions/S/resourceGroups/RG")).isFalse();
        assertThat(parses("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network")).isFalse();
        assertThat(parses("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/loadBalancers")).isFalse();
        assertThat(parses(BALANCER + "/probes/p")).isFalse();
        assertThat(parses(BALANCER + "/loadBalancers/nested")).isFalse();
        assertThat(parses(BALANCER.replace("loadBalancers", "networkInterfaces"))).isFalse();
        assertThat(parses(BALANCER.replace("Microsoft.Network", "Microsoft.Compute"))).isFalse();
    }

    @Test
    void lastSegmentAndSameTolerateNull() {
        assertThat(ArmId.lastSegment(null)).isEmpty();
        assertThat(ArmId.lastSegment(BALANCER + "/probes/p")).isEqualTo("p");
        assertThat(ArmId.same(null, BALANCER)).isFalse();
        assertThat(ArmId.same(BALANCER.toLowerCase(), BALANCER)).isTrue();
    }
}
