package io.hapair.node.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AntiEntropyTest {

    private static Version v(long a, long b) {
        return new Version(Map.of("n1", a, "n2", b), a + b, 0, "n1");
    }

    @Test
    void onlyTheDocumentsThatDifferTravelAndConcurrentOnesTravelBothWays() {
        Map<String, Version> ours = Map.of("vs/same", v(1, 0), "vs/ours-newer", v(2, 0), "vs/theirs-newer", v(1, 0),
                "vs/concurrent", v(2, 0), "vs/only-ours", v(1, 0));
        Map<String, Version> theirs = Map.of("vs/same", v(1, 0), "vs/ours-newer", v(1, 0), "vs/theirs-newer", v(1, 1),
                "vs/concurrent", v(1, 1), "vs/only-theirs", v(0, 1));

        AntiEntropy.Plan plan = AntiEntropy.compare(ours, theirs);

        assertThat(plan.send()).containsExactlyInAnyOrder("vs/ours-newer", "vs/concurrent", "vs/only-ours");
        assertThat(plan.want()).containsExactlyInAnyOrder("vs/theirs-newer", "vs/concurrent", "vs/only-theirs");
    }

    @Test
    void convergedNodesExchangeNothing() {
        Map<String, Version> both = Map.of("vs/a", v(3, 2), "vs/b", v(1, 0));

        AntiEntropy.Plan plan = AntiEntropy.compare(both, both);

        assertThat(plan.send()).isEmpty();
        assertThat(plan.want()).isEmpty();
    }
}
