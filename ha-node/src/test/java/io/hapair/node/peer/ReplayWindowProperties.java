package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The replay window against the plain definition it implements, over arbitrary arrival orders. */
class ReplayWindowProperties {

    @Property
    void judgesEverySequenceNumberAsTheDefinitionDoes(@ForAll("arrivals") List<Long> arrivals) {
        ReplayWindow window = new ReplayWindow();
        Set<Long> accepted = new HashSet<>();
        long highest = 0;
        for (long seq : arrivals) {
            ReplayWindow.Verdict expected;
            if (seq <= 0 || accepted.contains(seq) || seq <= highest - ReplayWindow.SIZE) {
                expected = ReplayWindow.Verdict.REPLAY;
            } else if (seq > highest) {
                expected = ReplayWindow.Verdict.NEWEST;
            } else {
                expected = ReplayWindow.Verdict.LATE;
            }
            assertThat(window.check(seq)).as("check(%d)", seq).isEqualTo(expected);
            assertThat(window.accept(seq)).as("accept(%d)", seq).isEqualTo(expected);
            if (expected != ReplayWindow.Verdict.REPLAY) {
                accepted.add(seq);
                highest = Math.max(highest, seq);
            }
        }
    }

    @Property
    void noSequenceNumberIsEverTakenTwice(@ForAll("arrivals") List<Long> arrivals) {
        ReplayWindow window = new ReplayWindow();
        Set<Long> taken = new HashSet<>();
        for (long seq : arrivals) {
            if (window.accept(seq) != ReplayWindow.Verdict.REPLAY) {
                assertThat(taken.add(seq)).as("%d taken twice", seq).isTrue();
            }
        }
    }

    /** Mostly increasing with jumps, repeats and stragglers, as a lossy, reordering, replaying network delivers. */
    @Provide
    Arbitrary<List<Long>> arrivals() {
        Arbitrary<Long> step = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, 3)),
                Tuple.of(2, Arbitraries.longs().between(-70, 0)),
                Tuple.of(1, Arbitraries.longs().between(60, 200)));
        return step.list().ofMaxSize(300).map(steps -> {
            long at = 0;
            List<Long> out = new ArrayList<>();
            for (long s : steps) {
                at = Math.max(-1, at + s);
                out.add(at);
                at = Math.max(at, 0);
            }
            return out;
        });
    }
}
