package io.hapair.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckVerdictTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** Checks are P (passed) or F (failed), one second apart; the verdict is read after the last one. */
    @ParameterizedTest(name = "rise {1} fall {2} after \"{0}\": up {3}, since check {4}")
    @CsvSource(delimiter = '|', nullValues = "never", value = {
        "             | 2 | 2 | true  | never",
        "P            | 2 | 2 | true  | 1",
        "F            | 2 | 2 | true  | 1",
        "F F          | 2 | 2 | false | 2",
        "F P F        | 2 | 2 | true  | 1",
        "P P F F      | 2 | 2 | false | 4",
        "F F P        | 2 | 2 | false | 2",
        "F F P F P    | 2 | 2 | false | 2",
        "F F P P      | 2 | 2 | true  | 4",
        "F F P P F    | 2 | 2 | true  | 4",
        "F            | 1 | 1 | false | 1",
        "F P          | 1 | 1 | true  | 2",
        "F F          | 3 | 3 | true  | 1",
        "F F F        | 3 | 3 | false | 3",
        "F F F P P    | 3 | 3 | false | 3",
        "F F F P P P  | 3 | 3 | true  | 6",
        "F F P        | 1 | 2 | true  | 3",
    })
    void aSiteGoesDownAfterFallFailuresInARowAndUpAfterRisePasses(String checks, int rise, int fall, boolean up,
                                                                  Integer sinceCheck) {
        CheckVerdict verdict = run(checks, rise, fall);

        assertThat(verdict.up()).isEqualTo(up);
        assertThat(verdict.since()).isEqualTo(sinceCheck == null ? null : START.plusSeconds(sinceCheck));
    }

    @ParameterizedTest(name = "after \"{0}\" the last error is {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "        | none",
        "F       | failure 1",
        "F F     | failure 2",
        "F F P   | none",
    })
    void theLastErrorIsTheLatestChecksFailure(String checks, String lastError) {
        assertThat(run(checks, CheckVerdict.DEFAULT_RISE, CheckVerdict.DEFAULT_FALL).lastError()).isEqualTo(lastError);
    }

    @Test
    void aSiteNotCheckedYetCountsAsUp() {
        assertThat(CheckVerdict.UNCHECKED.up()).isTrue();
        assertThat(CheckVerdict.UNCHECKED.checked()).isFalse();
    }

    /** An empty cell (no check at all) reads as null. */
    private static CheckVerdict run(String checks, int rise, int fall) {
        CheckVerdict verdict = CheckVerdict.UNCHECKED;
        int n = 0;
        int failures = 0;
        for (String check : checks == null ? new String[0] : checks.trim().split(" +")) {
            n++;
            boolean passed = check.equals("P");
            String error = passed ? null : "failure " + ++failures;
            verdict = verdict.after(passed, error, START.plusSeconds(n), rise, fall);
        }
        return verdict;
    }
}
